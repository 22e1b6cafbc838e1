package dev.deckhand.agent.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

/**
 * The shared secret the functions and the reconciler present to node agents as {@code Authorization: Bearer
 * TOKEN}. It is read from a file (a mounted Secret key, so a rotated Secret is picked up without a restart: the
 * file is read again at most every {@link #REREAD}) or given as a value.
 */
public final class AgentToken {

    /** The request header carrying the token. */
    public static final String HEADER = "Authorization";
    /** Shortest token accepted: 32 characters (e.g. {@code openssl rand -hex 16}). */
    public static final int MIN_LENGTH = 32;
    public static final Duration REREAD = Duration.ofSeconds(10);

    private final Path file;
    private final Duration reread;
    private volatile String value;
    private volatile Instant readAt;

    private AgentToken(Path file, Duration reread, String value) {
        this.file = file;
        this.reread = reread;
        this.value = value;
        this.readAt = Instant.now();
    }

    /** A token given as a value. */
    public static AgentToken of(String value) {
        return new AgentToken(null, REREAD, checked(value, "the agent token"));
    }

    /** A token read from a file now and again every {@link #REREAD}; fails when the file is unreadable now. */
    public static AgentToken fromFile(Path file) {
        return fromFile(file, REREAD);
    }

    /** A token read from a file now and again every {@code reread}. */
    public static AgentToken fromFile(Path file, Duration reread) {
        return new AgentToken(file, reread, read(file));
    }

    /** The token, re-read from its file when that is due. */
    public String value() {
        if (file != null && Instant.now().isAfter(readAt.plus(reread))) {
            try {
                value = read(file);
            } catch (RuntimeException e) {
                // Keep the last good token: a Secret volume is replaced atomically, a failed read is transient.
            }
            readAt = Instant.now();
        }
        return value;
    }

    /** The header value to send. */
    public String headerValue() {
        return "Bearer " + value();
    }

    /** Whether an {@code Authorization} header value carries this token (constant-time comparison). */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, value().getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            return checked(Files.readString(file, StandardCharsets.UTF_8), "the agent token in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String checked(String token, String what) {
        String trimmed = token == null ? "" : token.trim();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " must be at least " + MIN_LENGTH + " characters");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return file == null ? "AgentToken[value]" : "AgentToken[" + file + "]";
    }
}
