package dev.deckhand.services;

/** Where a service's desired state comes from. */
public enum ServiceOrigin {
    /** The compose file (or ConfigMap): the file is the truth; a service it no longer names is removed. */
    COMPOSE,
    /** {@code POST /services}: kept running from what Deckhand stored on its objects. */
    API;

    public String label() {
        return name().toLowerCase();
    }

    public static ServiceOrigin ofLabel(String value) {
        return "compose".equals(value) ? COMPOSE : "api".equals(value) ? API : null;
    }
}
