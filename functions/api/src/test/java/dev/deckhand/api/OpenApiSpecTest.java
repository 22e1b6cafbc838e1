package dev.deckhand.api;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.uri.UriMatchVariable;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document Swagger UI shows against the routes the server really has: every route (method, path, path
 * parameter names, success status, whether a token is needed) is in the document as it is served, and the document
 * has nothing more. The document is read as a caller reads it, over HTTP without a token.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiSpecTest implements TestPropertyProvider {

    static final String SPEC = "/swagger/deckhand-0.1.0.yml";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    private Map<String, Object> spec;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).build());
        return Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @BeforeAll
    void readSpec() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.getURL() + SPEC)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "the spec is served without a token");
        spec = new Yaml().load(answer.body());
    }

    /** One operation as both sides describe it. */
    record Operation(String method, String path, List<String> pathParameters, int successStatus, boolean open) {
        String key() {
            return method + " " + path;
        }
    }

    @Test
    void everyRouteIsInTheSpecAndTheSpecHasNothingElse() {
        Map<String, Operation> served = served();
        Map<String, Operation> documented = documented();
        assertEquals(new TreeSet<>(served.keySet()), new TreeSet<>(documented.keySet()), "the same operations");
        List<String> differences = new ArrayList<>();
        served.forEach((key, route) -> {
            if (!route.equals(documented.get(key))) {
                differences.add("served " + route + " but documented " + documented.get(key));
            }
        });
        assertEquals(List.of(), differences);
        // The routes the issue named, so that a regression there reads plainly.
        assertTrue(documented.containsKey("GET /services/latest"), documented.keySet().toString());
        assertEquals(List.of("image"), documented.get("GET /services/latest/{image}").pathParameters());
        assertEquals(201, documented.get("POST /services").successStatus());
    }

    @Test
    void theBearerSchemeIsDeclaredAndOnlyTheOpenRoutesGoWithoutIt() {
        Map<String, Object> schemes = map(map(spec.get("components")).get("securitySchemes"));
        assertEquals(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"), schemes.get("bearer"));
        Set<String> open = new TreeSet<>();
        documented().values().stream().filter(Operation::open).forEach(o -> open.add(o.key()));
        assertEquals(Set.of("GET /healthz", "GET /readyz"), open);
    }

    @Test
    void everyOperationThatNeedsATokenDocumentsItsAnswersWithoutOne() {
        map(spec.get("paths")).forEach((path, item) -> map(item).forEach((method, value) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> operation = map(value);
            if (!operation.containsKey("security")) {
                return;
            }
            Map<String, Object> responses = map(operation.get("responses"));
            for (String status : List.of("401", "403")) {
                Map<String, Object> json = map(map(map(responses.get(status)).get("content")).get("application/json"));
                assertEquals("#/components/schemas/ErrorBody", map(json.get("schema")).get("$ref"),
                        method + " " + path + ": " + status + " with Deckhand's error body");
            }
        }));
    }

    @Test
    void postServicesTakesItsJsonBodyAndAnswersCreatedWithJson() {
        Map<String, Object> post = map(map(map(spec.get("paths")).get("/services")).get("post"));
        Map<String, Object> content = map(map(post.get("requestBody")).get("content"));
        assertEquals(Set.of("application/json"), content.keySet());
        Map<String, Object> schema = map(map(content.get("application/json")).get("schema"));
        Map<String, Object> body = resolve(schema);
        assertEquals(Set.of("image", "detached", "publish"), map(body.get("properties")).keySet());
        assertEquals(List.of("image"), body.get("required"));
        Map<String, Object> created = map(map(post.get("responses")).get("201"));
        assertEquals(Set.of("application/json"), map(created.get("content")).keySet());
    }

    private Map<String, Object> resolve(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.toString().substring(ref.toString().lastIndexOf('/') + 1);
        return map(map(map(spec.get("components")).get("schemas")).get(name));
    }

    /** The routes of Deckhand's controllers, but those hidden from the docs on purpose (the console's page). */
    private Map<String, Operation> served() {
        Map<String, Operation> operations = new TreeMap<>();
        router.uriRoutes().forEach(route -> {
            Class<?> type = route.getDeclaringType();
            // HEAD: Micronaut answers it for every GET route by itself; OpenAPI documents the GET.
            if (type.isAnnotationPresent(Hidden.class) || !type.getPackageName().startsWith("dev.deckhand")
                    || route.getHttpMethod() == io.micronaut.http.HttpMethod.HEAD) {
                return;
            }
            String template = route.getUriMatchTemplate().toString();
            int query = template.indexOf("{?");
            // {+image} and {image:.+} are {image} in OpenAPI's terms.
            String path = (query < 0 ? template : template.substring(0, query)).replaceAll("\\{\\+?([^}:]+)(:[^}]*)?}", "{$1}");
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            List<String> parameters = route.getUriMatchTemplate().getVariables().stream().filter(v -> !v.isQuery())
                    .map(UriMatchVariable::getName).toList();
            Operation operation = new Operation(route.getHttpMethodName().toUpperCase(Locale.ROOT), path, parameters,
                    route.findStatus(HttpStatus.OK).getCode(), anonymous(route));
            operations.put(operation.key(), operation);
        });
        return operations;
    }

    private static boolean anonymous(UriRouteInfo<?, ?> route) {
        Secured secured = route.getTargetMethod().getTargetMethod().getAnnotation(Secured.class);
        if (secured == null) {
            secured = route.getDeclaringType().getAnnotation(Secured.class);
        }
        return secured != null && List.of(secured.value()).contains(SecurityRule.IS_ANONYMOUS);
    }

    private Map<String, Operation> documented() {
        Map<String, Operation> operations = new TreeMap<>();
        List<?> globalSecurity = spec.get("security") instanceof List<?> list ? list : List.of();
        map(spec.get("paths")).forEach((path, item) -> map(item).forEach((method, value) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> operation = map(value);
            List<String> parameters = new ArrayList<>();
            Matcher variable = VARIABLE.matcher(path);
            while (variable.find()) {
                parameters.add(variable.group(1));
            }
            List<String> declared = new ArrayList<>();
            for (Object parameter : operation.get("parameters") instanceof List<?> list ? list : List.of()) {
                if ("path".equals(map(parameter).get("in"))) {
                    declared.add(String.valueOf(map(parameter).get("name")));
                }
            }
            assertEquals(parameters, declared, method + " " + path + ": its path parameters are declared");
            List<Integer> success = map(operation.get("responses")).keySet().stream().filter(code -> code.startsWith("2"))
                    .map(Integer::valueOf).toList();
            assertEquals(1, success.size(), method + " " + path + " has one success status: " + success);
            List<?> security = operation.containsKey("security") ? (List<?>) operation.get("security") : globalSecurity;
            boolean open = security.isEmpty() || security.stream().allMatch(s -> map(s).isEmpty());
            Operation documentedOperation = new Operation(method.toUpperCase(Locale.ROOT), path, parameters, success.get(0), open);
            operations.put(documentedOperation.key(), documentedOperation);
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
