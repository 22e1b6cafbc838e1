package dev.deckhand.descriptors;

import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.ApplicationContext;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every request a context's Kubernetes client sends, with namespace and object name (which the
 * sandbox's own accounting leaves out), by adding an interceptor to the client's HTTP client.
 */
final class ApiCallRecorder implements Interceptor {

    private final List<ApiCall> calls = Collections.synchronizedList(new ArrayList<>());

    static ApiCallRecorder install(ApplicationContext context) {
        ApiCallRecorder recorder = new ApiCallRecorder();
        ApiClient client = context.getBean(ApiClient.class);
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(recorder).build());
        return recorder;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        calls.add(ApiCall.of(request.method(), request.url().encodedPath(), request.url().query()));
        return chain.proceed(request);
    }

    List<ApiCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
