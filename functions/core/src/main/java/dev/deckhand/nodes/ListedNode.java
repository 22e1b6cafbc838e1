package dev.deckhand.nodes;

import dev.deckhand.cluster.ObjectMetadata;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The fields of a Node that Deckhand reads: its name and its conditions. */
@Serdeable
record ListedNode(ObjectMetadata metadata, Status status) {

    @Serdeable
    record Status(List<Condition> conditions) {
    }

    @Serdeable
    record Condition(String type, String status) {
    }

    NodeInfo toInfo() {
        boolean ready = status != null && status.conditions() != null
                && status.conditions().stream().anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
        return new NodeInfo(metadata.name(), ready);
    }
}
