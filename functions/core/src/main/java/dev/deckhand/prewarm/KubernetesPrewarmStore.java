package dev.deckhand.prewarm;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.tasks.KubernetesTaskStore;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** Prewarm tasks as {@code prewarmtasks.deckhand.dev/v1} custom resources. The only class that knows where. */
@Singleton
public class KubernetesPrewarmStore extends KubernetesTaskStore<PrewarmTask, PrewarmSpec, PrewarmStatus>
        implements PrewarmStore {

    public static final String PLURAL = "prewarmtasks";
    public static final String KIND = "PrewarmTask";
    static final String APP = "deckhand-prewarm";

    public KubernetesPrewarmStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AgentSettings settings) {
        super(api, reads, json, settings.namespace(), new Resource<>(PLURAL, KIND, APP,
                PrewarmTask.KIND.noun(), PrewarmSpec.class, PrewarmStatus.class, PrewarmTask::new));
    }
}
