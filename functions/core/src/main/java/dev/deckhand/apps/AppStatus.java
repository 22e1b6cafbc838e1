package dev.deckhand.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Seed 004's status shape ({@code replicas}, {@code currentReplicas}, {@code pods}, {@code volumes}), read from the
 * live objects, plus Deckhand's {@code rollout} and the recent {@code events} of the service's pods.
 *
 * @param replicas        desired pods ({@code spec.replicas})
 * @param currentReplicas pods the Deployment has now ({@code status.replicas})
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppStatus(int replicas, int currentReplicas, List<Pod> pods, List<Volume> volumes, Rollout rollout,
                            List<Event> events) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pod(String name, String phase, List<Container> containers) {
    }

    /** @param state {@code waiting}, {@code running} or {@code terminated}; {@code reason} the waiting/terminated reason */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Container(String name, boolean ready, boolean started, String state, String reason) {
    }

    /** @param name the volume's name in the document; {@code capacity} null until bound */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(String name, String phase, String capacity) {
    }

    /** @param complete the Deployment's pods are all updated and available, and the controller has seen the last change */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollout(long generation, long observedGeneration, int updatedReplicas, int readyReplicas,
                          int availableReplicas, boolean complete, List<Condition> conditions) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String type, String status, String reason, String message) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String pod, String type, String reason, String message, String time, Integer count) {
    }
}
