package dev.deckhand.tasks;

import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.ObjectMetadata;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Nodes by an equality label selector, read with one lean LIST (name and conditions only). */
@Singleton
public class KubernetesTaskNodes implements TaskNodes {

    private final CoreV1Api core;
    private final LeanReads reads;

    public KubernetesTaskNodes(CoreV1Api core, LeanReads reads) {
        this.core = core;
        this.reads = reads;
    }

    @Serdeable
    record Node(ObjectMetadata metadata, Status status) {
        boolean ready() {
            return status != null && status.conditions() != null
                    && status.conditions().stream().anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
        }
    }

    @Serdeable
    record Status(List<Condition> conditions) {
    }

    @Serdeable
    record Condition(String type, String status) {
    }

    @Override
    public List<String> readyNodes(Map<String, String> selector) {
        String labelSelector = selector(selector);
        return reads.list("list nodes matching " + (labelSelector == null ? "(all)" : shortened(labelSelector, selector.size())),
                        () -> core.listNode().labelSelector(labelSelector).resourceVersion(ListSource.WATCH_CACHE.resourceVersion())
                                .buildCall(null), Node.class).stream()
                .filter(Node::ready)
                .map(n -> n.metadata().name())
                .toList();
    }

    /** The selector for messages: a huge one is named by its start and size, not echoed whole. */
    static String shortened(String labelSelector, int entries) {
        return labelSelector.length() <= 120 ? labelSelector
                : labelSelector.substring(0, 120) + "... (" + entries + " entries, " + labelSelector.length() + " characters)";
    }

    /** {@code k1=v1,k2=v2} (keys sorted), or null for no selector. Keys and values were validated as label syntax. */
    static String selector(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        return new TreeMap<>(selector).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
