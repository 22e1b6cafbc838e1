package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the pod {@code log} subresource, which the mock does not have. The log is made up from the pod object:
 * the lines of annotation {@value #ANNOTATION_LOG} (so a test or demo can say what a container printed), then
 * one line each for the start, the command and, once terminated, the exit code. Query parameters
 * {@code container}, {@code tailLines} and {@code limitBytes} are honoured; a container that has not started
 * answers 400 as the kubelet does.
 */
final class PodLogs {

    /** Pod annotation whose text is what the pod's containers "printed" before the sandbox's own lines. */
    static final String ANNOTATION_LOG = "sandbox.deckhand.dev/log";

    private static final Pattern LOG_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(?:\\?(.*))?$");

    private PodLogs() {
    }

    /** True for a GET of a pod's log. */
    static boolean matches(String method, String path) {
        return "GET".equals(method) && LOG_PATH.matcher(path).matches();
    }

    /**
     * Answers a log request.
     *
     * @param podJson reads the stored JSON of a pod by namespace and name, null when there is none
     */
    static MockResponse respond(String path, BiFunction<String, String, String> podJson) {
        Matcher m = LOG_PATH.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException(path);
        }
        String namespace = m.group(1);
        String name = m.group(2);
        Map<String, String> query = query(m.group(3));
        String json = podJson.apply(namespace, name);
        if (json == null) {
            return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "pods \"" + name + "\" not found");
        }
        Pod pod = Serialization.unmarshal(json, Pod.class);
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? List.of() : pod.getSpec().getContainers();
        String containerName = query.get("container");
        if (containerName == null) {
            if (containers.size() != 1) {
                return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                        "a container name must be specified for pod " + name);
            }
            containerName = containers.get(0).getName();
        }
        String wanted = containerName;
        Container container = containers.stream().filter(c -> wanted.equals(c.getName())).findFirst().orElse(null);
        if (container == null) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container " + wanted + " is not valid for pod " + name);
        }
        ContainerState state = stateOf(pod, wanted);
        if (state == null || (state.getRunning() == null && state.getTerminated() == null)) {
            String reason = state != null && state.getWaiting() != null && state.getWaiting().getReason() != null
                    ? state.getWaiting().getReason() : "ContainerCreating";
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container \"" + wanted + "\" in pod \"" + name + "\" is waiting to start: " + reason);
        }
        String text = render(pod, container, state);
        try {
            text = tail(text, query.get("tailLines"));
            text = limit(text, query.get("limitBytes"));
        } catch (NumberFormatException e) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "tailLines and limitBytes must be integers");
        }
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .addHeader("Content-Type", "text/plain").setBody(text);
    }

    private static String render(Pod pod, Container container, ContainerState state) {
        List<String> lines = new ArrayList<>();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String printed = annotations == null ? null : annotations.get(ANNOTATION_LOG);
        if (printed != null && !printed.isEmpty()) {
            lines.addAll(List.of(printed.split("\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
        }
        lines.add("sandbox: container " + container.getName() + " started from " + container.getImage());
        List<String> argv = new ArrayList<>();
        if (container.getCommand() != null) {
            argv.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            argv.addAll(container.getArgs());
        }
        if (!argv.isEmpty()) {
            lines.add("sandbox: command " + String.join(" ", argv).replace('\n', ' '));
        }
        if (state.getTerminated() != null) {
            lines.add("sandbox: exited with code " + state.getTerminated().getExitCode());
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static ContainerState stateOf(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (container.equals(s.getName())) {
                return s.getState();
            }
        }
        return null;
    }

    private static String tail(String text, String tailLines) {
        if (tailLines == null) {
            return text;
        }
        int n = Integer.parseInt(tailLines);
        String[] lines = text.split("\n");
        if (n >= lines.length) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = lines.length - Math.max(n, 0); i < lines.length; i++) {
            out.append(lines[i]).append('\n');
        }
        return out.toString();
    }

    private static String limit(String text, String limitBytes) {
        if (limitBytes == null) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int n = Integer.parseInt(limitBytes);
        return n >= bytes.length ? text : new String(bytes, 0, Math.max(n, 0), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        Function<String, String> decode = s -> URLDecoder.decode(s, StandardCharsets.UTF_8);
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(decode.apply(pair.substring(0, eq)), decode.apply(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                "status", "Failure", "message", message, "reason", reason, "code", code));
        return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
    }
}
