package dev.deckhand.startup;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import okhttp3.HttpUrl;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts, as soon as an application context is being built and before any of it runs, the one-off work of the
 * Kubernetes client libraries on a background thread, so that it runs on the second core while the main thread
 * loads the context and starts the server, instead of inside the first request:
 * <ul>
 *   <li>the official client's {@link JSON}: its static initialiser registers a type adapter factory for each of its
 *       ~1,400 models;</li>
 *   <li>Gson's reflective adapter of the node list ({@code /readyz} reads one);</li>
 *   <li>an {@link ApiClient}: OkHttp's platform and TLS defaults, which read the JDK's trust store, and OkHttp's
 *       URL parser ({@link java.net.IDN}'s Unicode tables);</li>
 *   <li>Nimbus JOSE's parsing and HMAC verification of a token, which every first call's bearer token goes
 *       through (a throwaway key; nothing is trusted by it).</li>
 * </ul>
 * Nothing here touches the network or the application's state; what the context later creates is created as it
 * would be, only faster because the classes are loaded and initialised. Once per JVM. Off with
 * {@code -Ddeckhand.startup.warmup=false}.
 */
@ContextConfigurer
public final class LibraryWarmup implements ApplicationContextConfigurer {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    @Override
    public void configure(ApplicationContextBuilder builder) {
        if (Warmups.enabled("libraries") && STARTED.compareAndSet(false, true)) {
            Warmups.inBackground("deckhand-warmup-libraries", LibraryWarmup::run);
        }
    }

    static void run() {
        var gson = JSON.getGson();
        gson.fromJson("{\"items\":[]}", V1NodeList.class);
        new ApiClient();
        // OkHttp puts every host name through java.net.IDN, whose static initialiser loads the JDK's ICU tables.
        HttpUrl.get("http://localhost/");
        warmTokenChecks();
    }

    private static void warmTokenChecks() {
        try {
            byte[] key = new byte[32];
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("warmup").build());
            token.sign(new MACSigner(key));
            SignedJWT.parse(token.serialize()).verify(new MACVerifier(key));
        } catch (JOSEException | java.text.ParseException e) {
            // only a warm-up
        }
    }
}
