package dev.deckhand.tenantjobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.deckhand.http.PooledConnections;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Seed 003's template source: the tenant service at {@code TENANT_SERVICE_URL} keeps each tenant's pod template in
 * the tenant resource's {@code templates} field. {@code GET URL/{tenantId}} is read; the template is {@code templates}
 * (a Job object, or the first Job of a list), at the top level or under {@code data}. A tenant the service does not
 * know (404) or one without a template has none here.
 */
@Singleton
public class TenantServiceTemplates implements PooledConnections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;

    private final TenantJobSettings settings;
    private volatile HttpClient http;

    public TenantServiceTemplates(TenantJobSettings settings) {
        this.settings = settings;
    }

    /** Built on first use: most deployments have no tenant service, and a function's cold start should not pay for it. */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(settings.tenantServiceTimeout()).build();
                }
                client = http;
            }
        }
        return client;
    }

    /** The next call builds a new client (the old one's connections are the snapshotted process's). */
    @Override
    public void dropConnections() {
        http = null;
    }

    public boolean configured() {
        return settings.tenantServiceUrl() != null && !settings.tenantServiceUrl().isBlank();
    }

    /** The tenant's template from the tenant service, validated; empty when it has none. */
    public Optional<ObjectNode> template(String tenant) {
        String base = settings.tenantServiceUrl().replaceAll("/+$", "");
        URI uri = URI.create(base + "/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response;
        try {
            response = http().send(HttpRequest.newBuilder(uri).timeout(settings.tenantServiceTimeout())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TenantServiceException("tenant service " + base + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TenantServiceException("interrupted while asking the tenant service", true, e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new TenantServiceException("tenant service answered HTTP " + response.statusCode() + " for tenant " + tenant,
                    false, null);
        }
        if (response.body().length > MAX_BODY) {
            throw new TenantServiceException("tenant service answered more than " + MAX_BODY + " bytes for tenant " + tenant,
                    false, null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TenantServiceException("tenant service answered no JSON for tenant " + tenant + ": " + e.getMessage(),
                    false, e);
        }
        JsonNode templates = body == null ? null : body.get("templates");
        if ((templates == null || templates.isNull()) && body != null && body.get("data") != null) {
            templates = body.get("data").get("templates");
        }
        if (templates == null || templates.isNull()) {
            return Optional.empty();
        }
        if (templates.isArray()) {
            for (JsonNode t : templates) {
                if (t.isObject() && t.hasNonNull("kind") && t.get("kind").asText().equalsIgnoreCase("Job")) {
                    return Optional.of((ObjectNode) t);
                }
            }
            return Optional.empty();
        }
        if (templates.isObject()) {
            return Optional.of((ObjectNode) templates);
        }
        throw new TenantServiceException("tenant " + tenant + "'s templates field is neither an object nor a list", false, null);
    }
}
