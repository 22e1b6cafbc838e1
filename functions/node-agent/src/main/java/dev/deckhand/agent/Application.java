package dev.deckhand.agent;

import io.micronaut.runtime.Micronaut;

/** Entry point of the node agent: one process per Kubernetes node, serving that node's images. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
