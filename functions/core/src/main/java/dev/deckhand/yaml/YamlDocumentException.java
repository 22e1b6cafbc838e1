package dev.deckhand.yaml;

/** A user document that could not be read: {@link #path()} names the field ("" for the whole document). */
public final class YamlDocumentException extends RuntimeException {

    private final String path;
    private final String problem;

    public YamlDocumentException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
