package dev.deckhand.apps;

/** The kinds of object a deployed service is made of, in the order a deploy writes them. */
public enum ObjectKind {
    CLAIM("PersistentVolumeClaim"),
    DEPLOYMENT("Deployment"),
    SERVICE("Service");

    private final String kind;

    ObjectKind(String kind) {
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
