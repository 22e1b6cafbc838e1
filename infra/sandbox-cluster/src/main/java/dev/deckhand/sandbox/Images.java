package dev.deckhand.sandbox;

import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Image names as containerd sees them, and the sandbox's fake registry: every reference resolves to a
 * deterministic image (id, digest and size derived from the normalized name), except the reserved failures.
 *
 * <ul>
 *   <li>registry {@value #FAIL_REGISTRY} (or a subdomain): the registry host does not resolve, containerd answers
 *       {@code UNKNOWN} with a "no such host" dial error;</li>
 *   <li>a tag ending in {@code missing} (e.g. {@code x/y:missing}): the registry answers "not found",
 *       containerd answers {@code NOT_FOUND}.</li>
 * </ul>
 */
final class Images {

    /** The reserved registry whose pulls always fail with a DNS error. */
    static final String FAIL_REGISTRY = "fail.invalid";

    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");
    private static final long MB = 1024L * 1024L;

    private Images() {
    }

    /**
     * A reference normalized like containerd does: {@code busybox} is {@code docker.io/library/busybox:latest},
     * {@code repo/x:1} is {@code docker.io/repo/x:1}, explicit registries are kept.
     *
     * @param repository registry and path, e.g. {@code docker.io/library/busybox}
     * @param tag        the tag, or null when the reference is by digest only
     * @param digest     the digest, or null
     */
    record Normalized(String repository, String registry, String path, String tag, String digest) {

        /** {@code repository:tag} when tagged, otherwise {@code repository@digest}. */
        String canonical() {
            return tag != null ? repository + ":" + tag : repository + "@" + digest;
        }

        /** The form containerd prints in messages. */
        @Override
        public String toString() {
            return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        }
    }

    /** A pull failure as containerd reports it. */
    record PullFailure(String code, String message) {
        boolean notFound() {
            return "NOT_FOUND".equals(code);
        }
    }

    /** @throws InvalidImageReferenceException when the reference does not parse */
    static Normalized normalize(String reference) {
        ImageReference ref = ImageReference.parse(reference.trim());
        String registry = ref.effectiveRegistry();
        String path = ref.path();
        if (registry.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        String tag = ref.tag();
        if (tag == null && ref.digest() == null) {
            tag = "latest";
        }
        return new Normalized(registry + "/" + path, registry, path, tag, ref.digest());
    }

    static boolean looksLikeImageId(String value) {
        return value != null && IMAGE_ID.matcher(value).matches();
    }

    static String imageId(Normalized image) {
        return "sha256:" + sha256Hex("image-id:" + image.canonical());
    }

    /** The manifest digest the fake registry serves for an image. */
    static String digest(Normalized image) {
        return image.digest() != null ? image.digest() : "sha256:" + sha256Hex("digest:" + image.canonical());
    }

    /** A deterministic size between 5 and 200 MB. */
    static long size(Normalized image) {
        long h = Long.parseUnsignedLong(sha256Hex("size:" + image.canonical()).substring(0, 12), 16);
        return 5 * MB + h % (195 * MB);
    }

    /** What the fake registry answers for a pull of this image: empty when the pull succeeds. */
    static Optional<PullFailure> pullFailure(Normalized image) {
        String host = image.registry().contains(":")
                ? image.registry().substring(0, image.registry().indexOf(':'))
                : image.registry();
        String name = image.toString();
        if (host.equals(FAIL_REGISTRY) || host.endsWith("." + FAIL_REGISTRY)) {
            String ref = image.tag() != null ? image.tag() : image.digest();
            return Optional.of(new PullFailure("UNKNOWN",
                    "failed to pull and unpack image \"" + name + "\": failed to resolve reference \"" + name
                            + "\": failed to do request: Head \"https://" + image.registry() + "/v2/" + image.path()
                            + "/manifests/" + ref + "\": dial tcp: lookup " + host + ": no such host"));
        }
        if (image.tag() != null && image.tag().endsWith("missing")) {
            return Optional.of(new PullFailure("NOT_FOUND",
                    "failed to pull and unpack image \"" + name + "\": failed to resolve reference \"" + name
                            + "\": " + name + ": not found"));
        }
        return Optional.empty();
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
