package dev.deckhand.descriptors;

import dev.deckhand.auth.AuthSettings;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every descriptor that runs the functions, applied as shipped, serves callers: it configures how their tokens are
 * checked (else the functions answer nothing but their probes), and a first authenticated request gets through.
 */
class ServesCallersTest {

    /** The parameters of a deployment with an identity provider (sam deploy --guided, answering the auth questions). */
    private static final Map<String, String> WITH_AUTHORIZER = Map.of(
            "AuthIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Sample",
            "AuthAudience", "deckhand-client");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\{\\{resolve:secretsmanager:\\$\\{(\\w+)}}}");
    private static final String API = "DeckhandHttpApi";

    private final Descriptors descriptors = Descriptors.all();

    private Sam deployed(Map<String, String> parameters) {
        return new Sam(CfnResolver.of(descriptors.sam(), parameters).resolved());
    }

    /** Whether functions started with {@code env} check callers somehow: a signature, a key set, or the gateway's claims. */
    private static boolean checksCallers(Map<String, String> env) {
        try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, env, Map.of())) {
            AuthSettings auth = functions.getBean(AuthSettings.class);
            return !functions.getBeansOfType(SignatureConfiguration.class).isEmpty() || auth.jwksUrl() != null || auth.gatewayClaims();
        }
    }

    @Test
    void samTemplateWithItsDefaultsMakesTheCallersSecret() {
        Sam sam = deployed(Map.of());
        Sam.Function functions = sam.function(Sam.FUNCTIONS_HANDLER);
        Object reference = functions.environment().get("DECKHAND_AUTH_JWT_SECRET");
        assertNotNull(reference, Descriptors.SAM_TEMPLATE + " with its default parameters gives the functions no DECKHAND_AUTH_JWT_SECRET:"
                + " without an authorizer they would serve nothing but their probes");
        Matcher m = SECRET_REFERENCE.matcher(String.valueOf(Yamls.at(reference, "Fn::Sub")));
        assertTrue(m.matches(), "DECKHAND_AUTH_JWT_SECRET should be the dynamic reference {{resolve:secretsmanager:${SECRET}}} of"
                + " a secret of the stack, is " + reference);
        Map<String, Object> secret = Yamls.map(sam.resources().get(m.group(1)));
        assertEquals("AWS::SecretsManager::Secret", secret.get("Type"), m.group(1) + " should be a secret the stack makes");
        Object length = Yamls.at(secret, "Properties", "GenerateSecretString", "PasswordLength");
        assertTrue(length instanceof Number n && n.intValue() >= dev.deckhand.auth.CallerTokenSignatures.MIN_SECRET_LENGTH,
                m.group(1) + ": GenerateSecretString.PasswordLength should be at least the functions' minimum, is " + length);
        assertEquals(Boolean.TRUE, Yamls.at(secret, "Properties", "GenerateSecretString", "ExcludePunctuation"),
                m.group(1) + ": ExcludePunctuation, so the secret passes through a shell as it is");
        assertEquals("false", functions.environment().get("DECKHAND_AUTH_GATEWAY_CLAIMS"), "no authorizer, so no gateway claims to trust");
        assertNull(Yamls.at(sam.resources().get(API), "Properties", "Auth"), "no authorizer without AuthIssuer");
        assertTrue(checksCallers(Map.of("DECKHAND_AUTH_JWT_SECRET", "x".repeat(64))));
        assertNotNull(sam.template().get("Outputs") instanceof Map<?, ?> o ? o.get("MintAdminToken") : null,
                "an output telling how to mint a token with the secret");
    }

    /**
     * The MintAdminToken output, run as printed (bash, openssl) with the aws CLI answering the secret and curl
     * printing its arguments, mints a token the functions accept: the first request answers 200.
     */
    @Test
    void mintAdminTokenOutputMintsATokenTheFunctionsAccept() throws Exception {
        Sam sam = deployed(Map.of());
        String command = String.valueOf(Yamls.at(Yamls.map(sam.template().get("Outputs")).get("MintAdminToken"), "Value", "Fn::Sub"));
        String secret = "Fq3v9ZxK0pL7mN2bR8tY4wE6uI1oA5sD3fG7hJ9kL2zX4cV6bN8mQ0wE2rT4yU6i";
        String script = "aws() { printf '%s\\n' \"$DECKHAND_TEST_SECRET\"; }; curl() { printf '%s\\n' \"$@\"; }; "
                + command.replace("${CallerTokenSecret}", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:deckhand")
                .replace("${" + API + "}", "abc123").replace("${AWS::Region}", "eu-west-1").replace("${AWS::URLSuffix}", "amazonaws.com");
        assertTrue(!script.contains("${"), "unresolved !Sub variables in MintAdminToken: " + command);
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().put("DECKHAND_TEST_SECRET", secret);
        Process process = bash.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "MintAdminToken did not finish");
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), printed);
        List<String> curlArguments = printed.lines().toList();
        String header = curlArguments.stream().filter(a -> a.startsWith("Authorization: Bearer ")).findFirst()
                .orElseThrow(() -> new AssertionError("curl got no Authorization header: " + printed));
        String url = curlArguments.get(curlArguments.size() - 1);
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/get/nodes", url);

        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build())) {
            Map<String, Object> properties = new HashMap<>(Apps.onSandbox(cluster, "deckhand"));
            properties.put("deckhand.auth.jwt-secret", secret);
            try (ApplicationContext functions = Apps.functionsServer(Map.of(), properties)) {
                String base = Apps.url(functions);
                assertEquals(200, status(base, "GET", "/get/nodes", header.substring("Authorization: ".length())),
                        "the token MintAdminToken printed should let its first call through");
                assertEquals(401, status(base, "GET", "/get/nodes", null));
            }
        }
    }

    @Test
    void samTemplateWithAnIssuerPutsItsAuthorizerInFrontOfEveryRouteTheCodeDoesNotOpen() {
        Sam sam = deployed(WITH_AUTHORIZER);
        Map<String, Object> auth = Yamls.map(Yamls.at(sam.resources().get(API), "Properties", "Auth"));
        String authorizerName = Yamls.str(auth.get("DefaultAuthorizer"));
        assertNotNull(authorizerName, API + ": with AuthIssuer set, a DefaultAuthorizer");
        Map<String, Object> authorizer = Yamls.map(Yamls.at(auth, "Authorizers", authorizerName));
        assertEquals(Map.of("Ref", "AuthIssuer"), Yamls.at(authorizer, "JwtConfiguration", "issuer"), authorizerName + ": issuer");
        assertEquals(List.of(Map.of("Ref", "AuthAudience")), Yamls.at(authorizer, "JwtConfiguration", "audience"), authorizerName + ": audience");
        assertEquals("$request.header.Authorization", authorizer.get("IdentitySource"), authorizerName + ": the bearer token");

        Sam.Function functions = sam.function(Sam.FUNCTIONS_HANDLER);
        assertEquals("true", functions.environment().get("DECKHAND_AUTH_GATEWAY_CLAIMS"),
                "with the authorizer the functions take the caller from its claims");
        assertNull(functions.environment().get("DECKHAND_AUTH_JWT_SECRET"), "one way of checking callers: the authorizer");
        assertTrue(sam.resourcesOfType("AWS::SecretsManager::Secret").isEmpty(), "no caller secret is made with an authorizer");
        assertTrue(checksCallers(Map.of("DECKHAND_AUTH_GATEWAY_CLAIMS", "true")));

        Set<Routes.Route> openInTemplate = new TreeSet<>();
        for (Map<String, Object> event : functions.events("HttpApi").values()) {
            Object authorizerOfRoute = Yamls.at(event, "Auth", "Authorizer");
            Routes.Route route = new Routes.Route(Yamls.str(event.get("Method")).toUpperCase(), Yamls.str(event.get("Path")));
            if (authorizerOfRoute != null) {
                assertEquals("NONE", authorizerOfRoute, route + ": a route is either behind the default authorizer or open");
                openInTemplate.add(route);
            }
        }
        assertEquals(openInCode(), openInTemplate, "the routes the template leaves open (Auth: Authorizer: NONE) should be the ones"
                + " the code answers without a token");
    }

    @Test
    void samTemplateWithoutAnIssuerTrustsNoGatewayClaims() {
        Sam sam = deployed(Map.of());
        for (Map<String, Object> event : sam.function(Sam.FUNCTIONS_HANDLER).events("HttpApi").values()) {
            assertNull(event.get("Auth"), event.get("Path") + ": no authorizer to switch off");
        }
    }

    /** The routes the functions answer without a token (anything but 401), on a cluster that does not answer. */
    private Set<Routes.Route> openInCode() {
        Set<Routes.Route> open = new TreeSet<>();
        try (ApplicationContext functions = Apps.functionsServer(Map.of(), Apps.onDeadCluster())) {
            Set<Routes.Route> routes = new TreeSet<>(Routes.served(functions));
            Routes.staticMappings(functions).forEach(m -> routes.add(Routes.staticRoute(m)));
            String base = Apps.url(functions);
            for (Routes.Route route : routes) {
                String path = route.path().replaceAll("\\{[^}]+}", "sample");
                if (status(base, route.method(), path, null) != 401) {
                    open.add(route);
                }
            }
        }
        return open;
    }

    @Test
    void knativeServiceChecksCallersTokensFromASecretAndLetsAFirstRequestThrough() {
        Workloads workloads = Workloads.of(descriptors);
        Descriptors.Doc service = workloads.knativeService();
        Map<String, String> env = Workloads.env(service);
        assertTrue(env.containsKey("DECKHAND_AUTH_JWT_SECRET") || env.containsKey("DECKHAND_AUTH_JWKS_URL"), service.where()
                + ": sets neither DECKHAND_AUTH_JWT_SECRET nor DECKHAND_AUTH_JWKS_URL, so it would serve nothing but its probes");
        for (Map<String, Object> var : Yamls.maps(Workloads.container(service).get("env"))) {
            if (String.valueOf(var.get("name")).equals("DECKHAND_AUTH_JWT_SECRET")) {
                assertNotNull(Yamls.at(var, "valueFrom", "secretKeyRef", "name"), service.where() + ": the secret comes from a Secret");
                assertTrue(!Boolean.TRUE.equals(Yamls.at(var, "valueFrom", "secretKeyRef", "optional")),
                        service.where() + ": the Secret is not optional: without it the revision should not start");
            }
        }
        Map<String, String> scenario = new LinkedHashMap<>(Workloads.scenarioEnv(env));
        assertTrue(checksCallers(scenario));
        String secret = scenario.get("DECKHAND_AUTH_JWT_SECRET");
        if (secret != null) {
            String token = dev.deckhand.auth.SharedSecretTokens.sign(secret, "ops", List.of(dev.deckhand.auth.Roles.ADMIN),
                    Map.of(), Duration.ofMinutes(5));
            try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
                 ApplicationContext functions = Apps.context(Apps.FUNCTIONS, scenario, serverOn(cluster, env.get("K8S_NAMESPACE")))) {
                functions.getBean(io.micronaut.runtime.server.EmbeddedServer.class).start();
                String base = Apps.url(functions);
                assertEquals(200, status(base, "GET", "/get/nodes", "Bearer " + token), "a first request signed with the Secret's value");
                assertEquals(401, status(base, "GET", "/get/nodes", null));
            }
        }
    }

    private static Map<String, Object> serverOn(SandboxCluster cluster, String namespace) {
        Map<String, Object> properties = new HashMap<>(Apps.onSandbox(cluster, namespace));
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    private static int status(String base, String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
