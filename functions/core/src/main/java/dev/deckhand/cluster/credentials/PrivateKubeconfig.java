package dev.deckhand.cluster.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes kubeconfig text to a file only its owner can read, because the client reads kubeconfigs from files and
 * this one holds credentials.
 */
final class PrivateKubeconfig {

    private PrivateKubeconfig() {
    }

    static Path write(String text) throws IOException {
        // Created with 0600 from the start, so the credentials are never readable by others, not even briefly.
        Path file = Files.createTempFile("deckhand-", ".kubeconfig",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
