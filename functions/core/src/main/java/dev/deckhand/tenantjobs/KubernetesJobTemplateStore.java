package dev.deckhand.tenantjobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ObjectMetadata;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Templates as {@code jobtemplates.deckhand.dev/v1} resources in Deckhand's namespace ({@code deckhand.agent.namespace}),
 * named after the tenant id and labelled {@code deckhand.dev/tenant}. Kept out of the tenants' namespaces on purpose:
 * a tenant who may edit its own namespace cannot edit its template around the validation (it is validated again when
 * read anyway). The manifest is kept as JSON text in {@code spec.manifest}, so it reads back exactly.
 */
@Singleton
public class KubernetesJobTemplateStore implements JobTemplateStore {

    public static final String GROUP = "deckhand.dev";
    public static final String VERSION = "v1";
    public static final String PLURAL = "jobtemplates";
    public static final String KIND = "JobTemplate";

    private final CustomObjectsApi api;
    private final LeanReads reads;
    private final JsonMapper json;
    private final String namespace;
    private final Clock clock = Clock.systemUTC();

    public KubernetesJobTemplateStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AgentSettings settings) {
        this.api = api;
        this.reads = reads;
        this.json = json;
        this.namespace = settings.namespace();
    }

    @Serdeable
    record Resource(String apiVersion, String kind, ObjectMetadata metadata, Spec spec) {
    }

    @Serdeable
    record Spec(String tenant, String manifest, String updatedAt) {
    }

    @Override
    public Optional<StoredTemplate> find(String tenant) {
        return read(tenant).map(r -> new StoredTemplate(tenant, r.spec().manifest(), r.spec().updatedAt()));
    }

    private Optional<Resource> read(String tenant) {
        try {
            Resource r = reads.get("read the job template of tenant " + tenant,
                    () -> api.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, tenant).buildCall(null), Resource.class);
            if (r.spec() == null || r.spec().manifest() == null || !tenant.equals(r.spec().tenant())) {
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public StoredTemplate save(String tenant, String manifestJson) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Spec spec = new Spec(tenant, manifestJson, now);
        Map<String, String> labels = Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE,
                TenantNamespaces.TENANT_LABEL, tenant);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Optional<Resource> existing = read(tenant);
            try {
                if (existing.isEmpty()) {
                    JsonElement body = tree(new Resource(GROUP + "/" + VERSION, KIND,
                            new ObjectMetadata(tenant, namespace, null, labels, null), spec));
                    KubernetesCalls.call("store the job template of tenant " + tenant,
                            () -> api.createNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, body).execute());
                } else {
                    JsonElement body = tree(new Resource(GROUP + "/" + VERSION, KIND,
                            new ObjectMetadata(tenant, namespace, existing.get().metadata().resourceVersion(), labels, null), spec));
                    KubernetesCalls.call("replace the job template of tenant " + tenant,
                            () -> api.replaceNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, tenant, body).execute());
                }
                return new StoredTemplate(tenant, manifestJson, now);
            } catch (RuntimeException e) {
                // Someone else stored one meanwhile: read again and replace it.
                if (!KubernetesCalls.hasStatus(e, 409) || attempt == 3) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private JsonElement tree(Object body) {
        try {
            return JsonParser.parseString(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a job template resource", e);
        }
    }

}
