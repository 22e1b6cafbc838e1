package dev.deckhand.apps;

import java.util.regex.Pattern;

/** Service ids and the names of the objects Deckhand makes for one. */
public final class AppIds {

    /** Longest id: the PVC name {@code svc-ID-VOLUME} must stay a DNS label (63) with a 20-character volume name. */
    public static final int MAX_LENGTH = 38;
    public static final int MAX_VOLUME_NAME = 20;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private AppIds() {
    }

    /** The id as it is, or a 400 when it cannot name Kubernetes objects (lowercase letters, digits, '-'). */
    public static String check(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !DNS_LABEL.matcher(id).matches()) {
            throw new AppValidationException("id", "a service id must be 1-" + MAX_LENGTH
                    + " lowercase letters, digits or '-', starting and ending with a letter or digit, not \"" + id + "\"");
        }
        return id;
    }

    public static boolean isDnsLabel(String s) {
        return s != null && s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    /** Deployment and Service name: starts with a letter whatever the id (a Service name must). */
    public static String objectName(String id) {
        return "svc-" + id;
    }

    public static String claimName(String id, String volume) {
        return objectName(id) + "-" + volume;
    }
}
