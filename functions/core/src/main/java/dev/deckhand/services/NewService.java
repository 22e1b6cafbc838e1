package dev.deckhand.services;

import io.micronaut.core.annotation.Nullable;

/**
 * A {@code POST /services} request, read.
 *
 * @param publish  null: publish nothing; {@link Publish#assigned()}: a node port the cluster assigns; or that node port
 */
public record NewService(String image, boolean detached, @Nullable Publish publish) {

    public record Publish(@Nullable Integer nodePort) {
        public static Publish assigned() {
            return new Publish(null);
        }
    }
}
