package dev.deckhand.services;

import io.micronaut.core.annotation.Nullable;

/**
 * A published container port: {@code nodePort} null means the cluster assigns one.
 */
public record PortMapping(int containerPort, @Nullable Integer nodePort) {
}
