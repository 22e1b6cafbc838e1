package dev.deckhand.agent;

import dev.deckhand.agent.http.AgentServer;
import dev.deckhand.agent.runtime.CriImageRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Entry point of the node agent: one process per Kubernetes node, serving that node's images. Configured from the
 * environment ({@link AgentConfig}); exits with status 1 when it cannot start.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        LogLines.install();
        Logger log = Logger.getLogger(Application.class.getName());
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.severe("node agent not started: " + e.getMessage());
            System.exit(1);
            return;
        }
        CriImageRuntime runtime = new CriImageRuntime(config);
        AgentServer server;
        try {
            server = AgentServer.start(config, runtime);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            log.severe("node agent not started: " + e.getMessage());
            runtime.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            runtime.close();
        }, "agent-stop"));
        long startedMs = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        log.info("node agent on port " + server.port() + ", runtime " + config.runtimeTarget() + ", token from "
                + config.tokenFile() + " (started in " + startedMs + " ms)");
    }
}
