package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentPaths;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the node agent, read from the environment.
 *
 * <ul>
 *   <li>{@code DECKHAND_AGENT_RUNTIME_ENDPOINT}: the container runtime's CRI socket, a path or a gRPC target such as
 *       {@code unix:///run/containerd/containerd.sock} (default {@value #DEFAULT_ENDPOINT});</li>
 *   <li>{@code DECKHAND_AGENT_CALL_TIMEOUT}: deadline of every runtime call except pulls (default 10s);</li>
 *   <li>{@code DECKHAND_AGENT_PULL_TIMEOUT}: deadline of one pull, layers included (default 5m);</li>
 *   <li>{@code DECKHAND_AGENT_TOKEN_FILE}: file holding the token callers must present ({@code Authorization: Bearer
 *       TOKEN}), the key of a mounted Secret, re-read every {@link dev.deckhand.agent.api.AgentToken#REREAD} so a
 *       rotated Secret takes effect. The agent can delete images on its node, so it never serves anyone without
 *       one (default {@value #DEFAULT_TOKEN_FILE});</li>
 *   <li>{@code PORT}: the HTTP port (default {@link AgentPaths#PORT}; 0 picks a free one);</li>
 *   <li>{@code DECKHAND_AGENT_IMAGE}: the agent's own image reference, which a cleanup never removes (set by the
 *       agent's Deployment; unset: a cleanup protects it only while the agent's container exists, as any image).</li>
 * </ul>
 * Durations are written {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}).
 */
public record AgentConfig(String runtimeEndpoint, Duration callTimeout, Duration pullTimeout, String tokenFile, int port,
                          String ownImage) {

    public static final String DEFAULT_ENDPOINT = "/run/containerd/containerd.sock";
    public static final String DEFAULT_TOKEN_FILE = "/var/run/secrets/deckhand/agent-token/token";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public AgentConfig {
        if (runtimeEndpoint == null || runtimeEndpoint.isBlank()) {
            throw new IllegalArgumentException("the runtime endpoint must not be empty");
        }
        if (tokenFile == null || tokenFile.isBlank()) {
            throw new IllegalArgumentException("the token file must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of 0..65535");
        }
    }

    /** The settings of an environment (usually {@link System#getenv()}); unset or blank variables take the defaults. */
    public static AgentConfig fromEnvironment(Map<String, String> env) {
        return new AgentConfig(
                value(env, "DECKHAND_AGENT_RUNTIME_ENDPOINT", DEFAULT_ENDPOINT),
                duration(env, "DECKHAND_AGENT_CALL_TIMEOUT", "10s"),
                duration(env, "DECKHAND_AGENT_PULL_TIMEOUT", "5m"),
                value(env, "DECKHAND_AGENT_TOKEN_FILE", DEFAULT_TOKEN_FILE),
                port(value(env, "PORT", String.valueOf(AgentPaths.PORT))),
                value(env, "DECKHAND_AGENT_IMAGE", null));
    }

    /** The endpoint as a gRPC target: a bare path becomes a {@code unix://} target. */
    public String runtimeTarget() {
        String endpoint = runtimeEndpoint.trim();
        return endpoint.startsWith("/") ? "unix://" + endpoint : endpoint;
    }

    /** This configuration on another port. */
    public AgentConfig withPort(int otherPort) {
        return new AgentConfig(runtimeEndpoint, callTimeout, pullTimeout, tokenFile, otherPort, ownImage);
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        String text = value(env, name, fallback);
        Matcher shortForm = SHORT_DURATION.matcher(text);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not a duration (e.g. 10s, 5m, PT10S)");
        }
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT=" + text + " is not a port number");
        }
    }
}
