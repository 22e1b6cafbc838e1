package dev.deckhand.nodes;

/** The syntax of a node name: a DNS-1123 subdomain. */
public final class NodeNames {
    public static final String DNS_1123_SUBDOMAIN =
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    public static final String MESSAGE =
            "node_name must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters";

    private NodeNames() {
    }
}
