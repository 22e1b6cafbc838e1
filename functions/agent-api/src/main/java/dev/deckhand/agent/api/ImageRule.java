package dev.deckhand.agent.api;

/**
 * One entry of a cleanup's {@code images} or {@code keep} list, compared with the names a runtime reports (containerd
 * reports fully qualified names: {@code docker.io/library/nginx:1.27}, so {@code nginx:1.27} is normalized the same way
 * before comparing).
 *
 * <ul>
 *   <li>with a tag or digest ({@code nginx:1.27}, {@code registry.example/app@sha256:...}): that exact image;</li>
 *   <li>without ({@code registry.example/team/app}): every tag and digest of that repository and of the repositories
 *       under it ({@code registry.example/team/app/...});</li>
 *   <li>ending in {@code /} ({@code registry.example/}, {@code registry.example/team/}): every repository under that
 *       prefix.</li>
 * </ul>
 *
 * @param entry      the entry as written
 * @param repository the normalized repository (or prefix)
 * @param tag        the tag of an exact entry, else null
 * @param digest     the digest of an exact entry, else null
 */
public record ImageRule(String entry, String repository, String tag, String digest) {

    private static final String PLACEHOLDER = "x";

    /**
     * @throws InvalidImageReferenceException the entry is not a reference or a repository prefix
     */
    public static ImageRule parse(String entry) {
        if (entry != null && entry.endsWith("/") && entry.length() > 1 && !entry.endsWith("//")) {
            ImageReference reference = ImageReference.parse(entry + PLACEHOLDER);
            if (reference.tag() != null || reference.digest() != null) {
                throw new InvalidImageReferenceException(entry, "is not a repository prefix");
            }
            String repository = normalizedRepository(reference);
            return new ImageRule(entry, repository.substring(0, repository.length() - PLACEHOLDER.length() - 1), null, null);
        }
        ImageReference reference = ImageReference.parse(entry);
        return new ImageRule(entry, normalizedRepository(reference), reference.tag(), reference.digest());
    }

    /** Whether the entry names one image (a tag or digest) rather than repositories. */
    public boolean exact() {
        return tag != null || digest != null;
    }

    /** Whether one of the image's names is matched. */
    public boolean matches(AgentImage image) {
        for (String name : image.repoTags()) {
            if (matches(name)) {
                return true;
            }
        }
        for (String name : image.repoDigests()) {
            if (matches(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String name) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(name);
        } catch (InvalidImageReferenceException e) {
            return false;
        }
        String other = normalizedRepository(reference);
        if (!exact()) {
            return other.equals(repository) || other.startsWith(repository + "/");
        }
        if (!other.equals(repository)) {
            return false;
        }
        return digest != null ? digest.equals(reference.digest()) : tag.equals(reference.tag()) && reference.digest() == null;
    }

    /** {@code docker.io/library/nginx} for {@code nginx}: the name a runtime reports. */
    static String normalizedRepository(ImageReference reference) {
        String registry = reference.registry();
        if (registry.isEmpty() || registry.equals("index.docker.io")) {
            registry = "docker.io";
        }
        String path = reference.path();
        if (registry.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        return registry + "/" + path;
    }
}
