package dev.deckhand.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of a node's agent objects. Node names are DNS-1123 subdomains of up to 253 characters;
 * Service names must be DNS-1035 labels of at most 63, and label values at most 63. So a node name
 * that is short and plain is used as is, and any other gets a readable prefix plus a hash of the
 * full name, which keeps names deterministic (two passes at once pick the same name) and unique.
 */
public final class AgentNaming {

    public static final String PREFIX = "deckhand-agent-";
    private static final int MAX_SUFFIX = 63 - PREFIX.length();
    private static final Pattern PLAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private AgentNaming() {
    }

    /** The node's short form: a valid label value and name suffix. */
    public static String suffix(String node) {
        if (node.length() <= MAX_SUFFIX && PLAIN.matcher(node).matches()) {
            return node;
        }
        String hash = sha256(node).substring(0, 8);
        String readable = node.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        readable = readable.substring(0, Math.min(readable.length(), MAX_SUFFIX - hash.length() - 1));
        readable = readable.replaceAll("-+$", "");
        return readable.isEmpty() ? hash : readable + "-" + hash;
    }

    /** Name of the node's agent Deployment and Service. */
    public static String objectName(String node) {
        return PREFIX + suffix(node);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
