package dev.deckhand.cleanup;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.tasks.KubernetesTaskStore;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** Cleanups as {@code cleanuptasks.deckhand.dev/v1} custom resources. The only class that knows where. */
@Singleton
public class KubernetesCleanupStore extends KubernetesTaskStore<CleanupTask, CleanupSpec, CleanupStatus>
        implements CleanupStore {

    public static final String PLURAL = "cleanuptasks";
    public static final String KIND = "CleanupTask";

    public KubernetesCleanupStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AgentSettings settings) {
        super(api, reads, json, settings.namespace(), new Resource<>(PLURAL, KIND, "deckhand-cleanup",
                CleanupTask.KIND.noun(), CleanupSpec.class, CleanupStatus.class, CleanupTask::new));
    }
}
