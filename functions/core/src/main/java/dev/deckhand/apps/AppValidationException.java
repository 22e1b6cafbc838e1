package dev.deckhand.apps;

/**
 * A service document Deckhand will not deploy or store. Answered with 400; the message starts with the field concerned,
 * a path into the deployment YAML ({@code containers[0].ports[1].port}) or a document field ({@code exposed_port}).
 */
public class AppValidationException extends RuntimeException {

    private final String field;

    public AppValidationException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
