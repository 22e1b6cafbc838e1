package dev.deckhand.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the kubeconfig clients use to reach the sandbox API server. */
final class Kubeconfig {

    static final String NAME = "deckhand-sandbox";
    /** Sent as a bearer token; the sandbox API server accepts anything. */
    static final String TOKEN = "deckhand-sandbox-token";

    private Kubeconfig() {
    }

    static String render(String server, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                preferences: {}
                users:
                - name: %1$s
                  user:
                    token: %4$s
                """.formatted(NAME, server, namespace, TOKEN);
    }

    static void write(Path path, String server, String namespace) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Owner-only: the file carries the cluster's credentials.
        Files.deleteIfExists(path);
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(path, render(server, namespace), StandardCharsets.UTF_8);
    }
}
