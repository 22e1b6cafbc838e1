package dev.deckhand.agent.api;

import dev.deckhand.text.UserText;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference ({@code [registry/]path[:tag][@digest]}), checked against the
 * grammar of the distribution project's reference package. Parsing is strict so that a
 * reference can be handed to a runtime as data, never interpreted.
 *
 * @param registry the registry host (with port) as written, or empty when the reference has none
 * @param path     the repository path as written, e.g. {@code library/busybox}
 * @param tag      the tag, or {@code null}
 * @param digest   the digest ({@code algorithm:hex}), or {@code null}
 */
public record ImageReference(String registry, String path, String tag, String digest) {

    public static final int MAX_LENGTH = 4096;
    private static final int MAX_NAME_LENGTH = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::([0-9]{1,5}))?";
    private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
    private static final Pattern PATH_PATTERN = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern TAG_PATTERN = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST_PATTERN =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses a reference.
     *
     * @throws InvalidImageReferenceException naming what is wrong with it
     */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidImageReferenceException(reference, "must not be empty");
        }
        if (reference.length() > MAX_LENGTH) {
            throw new InvalidImageReferenceException(reference, "is longer than " + MAX_LENGTH + " characters");
        }
        UserText.problem(reference).ifPresent(problem -> {
            throw new InvalidImageReferenceException(reference, problem);
        });
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST_PATTERN.matcher(digest).matches()) {
                throw new InvalidImageReferenceException(reference, "has an invalid digest '" + digest + "'");
            }
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG_PATTERN.matcher(tag).matches()) {
                throw new InvalidImageReferenceException(reference, "has an invalid tag '" + tag + "'");
            }
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            throw new InvalidImageReferenceException(reference, "has a repository name longer than " + MAX_NAME_LENGTH + " characters");
        }
        String registry = "";
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                path = rest.substring(slash + 1);
                Matcher domain = DOMAIN_PATTERN.matcher(registry);
                if (!domain.matches()) {
                    throw new InvalidImageReferenceException(reference, "has an invalid registry '" + registry + "'");
                }
                if (domain.group(1) != null && (Integer.parseInt(domain.group(1)) < 1 || Integer.parseInt(domain.group(1)) > 65535)) {
                    throw new InvalidImageReferenceException(reference, "has a registry port out of 1..65535 in '" + registry + "'");
                }
            }
        }
        Matcher pathMatcher = PATH_PATTERN.matcher(path);
        if (!pathMatcher.matches()) {
            String why = path.equals(path.toLowerCase())
                    ? "has an invalid repository path '" + path + "'"
                    : "has an invalid repository path '" + path + "' (repository names must be lowercase)";
            throw new InvalidImageReferenceException(reference, why);
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** The repository as written: registry (if any) and path. */
    public String repository() {
        return registry.isEmpty() ? path : registry + "/" + path;
    }

    /** The registry a runtime would contact: {@code docker.io} when the reference names none. */
    public String effectiveRegistry() {
        return registry.isEmpty() ? "docker.io" : registry;
    }

    public Optional<String> optionalTag() {
        return Optional.ofNullable(tag);
    }

    @Override
    public String toString() {
        return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
