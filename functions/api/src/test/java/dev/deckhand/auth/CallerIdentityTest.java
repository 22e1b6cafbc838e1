package dev.deckhand.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.deckhand.lambda.HttpApiHandler;
import dev.deckhand.sandbox.SandboxCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The other ways to prove an identity: tokens signed by a JWKS (an identity provider's keys), API Gateway's
 * verified claims when trusted, and nothing configured at all. Against an unreachable cluster: a caller that gets
 * past security sees the 503 of the cluster, one that does not sees 401/403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerIdentityTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer jwks;
    private RSAKey providerKey;

    @BeforeAll
    void identityProvider() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("provider-key-1").generate();
        String keys = new JWKSet(providerKey.toPublicJWK()).toString();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = keys.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    void stop() {
        jwks.stop(0);
    }

    private EmbeddedServer start(Map<String, Object> settings, boolean testSecret) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("micronaut.server.port", -1);
        properties.put("kubernetes.client.kube-config-path", SandboxCluster.unreachableKubeconfig().toString());
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .environments(testSecret ? "test" : "no-secret")
                .properties(properties)
                .start();
        return context.getBean(EmbeddedServer.class).start();
    }

    private int getNodes(EmbeddedServer server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/get/nodes")).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String providerToken(RSAKey key, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("oidc-user").claim("roles", roles)
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void tokensSignedByTheJwksKeysAreAcceptedOthersAreNot() throws Exception {
        try (EmbeddedServer server = start(Map.of("deckhand.auth.jwks-url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"), false)) {
            assertEquals(503, getNodes(server, providerToken(providerKey, List.of(Roles.ADMIN))), "past security");
            assertEquals(403, getNodes(server, providerToken(providerKey, List.of(Roles.TENANT))));
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("provider-key-1").generate();
            assertEquals(401, getNodes(server, providerToken(stranger, List.of(Roles.ADMIN))), "same kid, other key");
            assertEquals(401, getNodes(server, TestTokens.admin()), "no shared secret is configured here");
        }
    }

    @Test
    void withNothingConfiguredNoTokenIsAccepted() throws Exception {
        try (EmbeddedServer server = start(Map.of(), false)) {
            assertEquals(401, getNodes(server, TestTokens.admin()));
            assertEquals(401, getNodes(server, null));
        }
    }

    @Test
    void anIdentityHeaderOfALoadBalancerIsNotAnIdentity() throws Exception {
        try (EmbeddedServer server = start(Map.of("deckhand.auth.gateway-claims", "true"), true)) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/get/nodes"))
                    .header("x-amzn-oidc-identity", "admin").header("x-amzn-oidc-data", "e30.e30.e30").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, answer.statusCode(), answer.body());
        }
    }

    private static APIGatewayV2HTTPEvent getNodesEvent(Map<String, String> claims) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        authorizer.setJwt(jwt);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(new APIGatewayV2HTTPEvent.RequestContext.Http());
        context.getHttp().setMethod("GET");
        context.getHttp().setPath("/get/nodes");
        context.setAuthorizer(claims == null ? null : authorizer);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath("/get/nodes");
        event.setRawQueryString("");
        event.setHeaders(Map.of("accept", "application/json"));
        event.setRequestContext(context);
        return event;
    }

    @Test
    void behindApiGatewayTheAuthorizersClaimsAreTrustedOnlyWhenConfigured() {
        Map<String, String> admin = Map.of("sub", "cognito-user", "roles", "[admin deployer]");
        Map<String, String> tenant = Map.of("sub", "tenant-user", "roles", "[tenant]", "tenant", "tenant-a");
        try (EmbeddedServer server = start(Map.of("deckhand.auth.gateway-claims", "true"), true);
             HttpApiHandler handler = new HttpApiHandler(server.getApplicationContext())) {
            assertEquals(503, status(handler, getNodesEvent(admin)), "the authorizer's admin is past security");
            assertEquals(403, status(handler, getNodesEvent(tenant)));
            assertEquals(401, status(handler, getNodesEvent(null)), "no claims, no token");
        }
        try (EmbeddedServer server = start(Map.of(), true);
             HttpApiHandler handler = new HttpApiHandler(server.getApplicationContext())) {
            assertEquals(401, status(handler, getNodesEvent(admin)), "claims are not trusted unless configured");
        }
    }

    private static int status(HttpApiHandler handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
        return response.getStatusCode();
    }

    @Test
    void theSharedSecretNeverPrints() {
        String secret = "a-shared-secret-that-must-never-be-printed-0000";
        String text = new AuthSettings(secret, null, "tenant", false).toString();
        assertEquals(false, text.contains(secret), text);
        assertEquals(true, text.contains("jwtSecret=<redacted>"), text);
    }

    @Test
    void rolesAsApiGatewayFlattensThem() {
        assertEquals(List.of("admin", "deployer"), GatewayClaims.roles("[admin deployer]"));
        assertEquals(List.of("admin", "deployer"), GatewayClaims.roles("admin,deployer"));
        assertEquals(List.of("admin"), GatewayClaims.roles(List.of("admin")));
        assertEquals(List.of(), GatewayClaims.roles(null));
    }
}
