package dev.deckhand.services;

/** The kinds of object a kept service is made of. */
public enum ServiceObjectKind {
    DEPLOYMENT, SERVICE;

    public String word() {
        return name().toLowerCase();
    }
}
