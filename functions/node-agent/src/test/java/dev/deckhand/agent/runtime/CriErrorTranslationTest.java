package dev.deckhand.agent.runtime;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CriErrorTranslationTest {

    private static final String TARGET = "unix:///run/containerd/containerd.sock";

    @Test
    void keepsTheRuntimesWordsAndCode() {
        ImageRuntimeException e = CriImageRuntime.translate(
                Status.NOT_FOUND.withDescription("failed to resolve reference \"x:1\": not found").asRuntimeException(),
                "x:1", TARGET);

        assertEquals("NOT_FOUND", e.code());
        assertEquals("x:1", e.image());
        assertEquals("failed to resolve reference \"x:1\": not found", e.getMessage());
    }

    @Test
    void unknownStaysUnknown() {
        ImageRuntimeException e = CriImageRuntime.translate(
                Status.UNKNOWN.withDescription("dial tcp 127.0.0.1:1: connect: connection refused").asRuntimeException(),
                "127.0.0.1:1/a:b", TARGET);

        assertEquals("UNKNOWN", e.code());
        assertEquals("dial tcp 127.0.0.1:1: connect: connection refused", e.getMessage());
    }

    @Test
    void unavailableNamesTheSocketAndTheCause() {
        ImageRuntimeException e = CriImageRuntime.translate(
                Status.UNAVAILABLE.withDescription("io exception")
                        .withCause(new IOException("connect(..) failed: No such file or directory")).asRuntimeException(),
                null, TARGET);

        assertEquals("UNAVAILABLE", e.code());
        assertEquals("container runtime at " + TARGET + " is unavailable: socket file not found (io exception: connect(..) failed: "
                + "No such file or directory)", e.getMessage(), "the socket named in TARGET does not exist here");
    }

    @Test
    void deadlineNamesTheSocket() {
        ImageRuntimeException e = CriImageRuntime.translate(
                Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 9.9s").asRuntimeException(), "a", TARGET);

        assertEquals("DEADLINE_EXCEEDED", e.code());
        assertEquals("container runtime at " + TARGET + " did not answer in time: deadline exceeded after 9.9s",
                e.getMessage());
    }

    @Test
    void noDescriptionFallsBackToTheCauseThenTheCode() {
        assertEquals("boom", CriImageRuntime.translate(
                Status.INTERNAL.withCause(new IllegalStateException("boom")).asRuntimeException(), null, TARGET).getMessage());
        assertEquals("INTERNAL", CriImageRuntime.translate(Status.INTERNAL.asRuntimeException(), null, TARGET).getMessage());
    }
}
