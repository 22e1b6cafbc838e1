package dev.deckhand.agent.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a cleanup may remove on a node, and the decision itself, on plain data: the agent and the sandbox's simulated
 * agents decide the same way.
 *
 * <p>An image is removed when the {@code images} rules select it (no rules: every image) and none of these holds:
 * a container on the node, in any state, was created from it ({@link #IN_USE}); a {@code keep} rule matches it
 * ({@link #KEEP}); it is the agent's own image ({@link #AGENT}); the runtime pins it ({@link #PINNED}, e.g. the pod
 * sandbox image on runtimes that pin it).
 *
 * @param images the {@code images} rules; empty selects every image
 * @param keep   the {@code keep} rules
 */
public record CleanupRules(List<ImageRule> images, List<ImageRule> keep) {

    public static final String IN_USE = "in-use";
    public static final String KEEP = "keep";
    public static final String AGENT = "agent";
    public static final String PINNED = "pinned";
    /** Most entries of {@code images} and of {@code keep}. */
    public static final int MAX_ENTRIES = 100;
    /** Go's duration syntax, as {@code unusedFor} would be written ({@code 720h}, {@code 1h30m}). */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");

    /**
     * Why {@code unusedFor} is refused. What CRI offers: {@code ListImages}/{@code ImageStatus} give an image's id, names,
     * size, uid, spec and pinned flag, and no time of any kind; {@code ListContainers} gives each container's image and
     * {@code created_at}, but only for containers that still exist, and the kubelet deletes exited ones. So "no
     * container used it for X" is knowable only for images some container still references, and those are never
     * removed anyway.
     */
    public static final String UNUSED_FOR_REFUSAL = "unusedFor cannot be honoured: the container runtime (CRI) keeps no "
            + "last-used time for images (ListImages and ImageStatus report id, names, size and pinned, no time at all), "
            + "and a container's created_at is known only while the container exists (the kubelet deletes exited ones), "
            + "so when an image was last used cannot be known. A cleanup never removes an image that any container on "
            + "the node, running or exited, was created from; leave unusedFor out and select images with images/keep";

    public CleanupRules {
        images = List.copyOf(images);
        keep = List.copyOf(keep);
    }

    /**
     * Rules from a request's lists.
     *
     * @throws CleanupRuleException naming the first entry at fault ({@code images[2]}, {@code keep[0]}, {@code unusedFor})
     */
    public static CleanupRules of(List<String> images, List<String> keep, String unusedFor) {
        CleanupRules rules = new CleanupRules(rules(images, "images"), rules(keep, "keep"));
        if (unusedFor != null) {
            if (!DURATION.matcher(unusedFor).matches()) {
                throw new CleanupRuleException("unusedFor", "unusedFor: '" + unusedFor
                        + "' is not a duration such as 720h or 90m");
            }
            throw new CleanupRuleException("unusedFor", UNUSED_FOR_REFUSAL);
        }
        return rules;
    }

    private static List<ImageRule> rules(List<String> entries, String field) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new CleanupRuleException(field, field + ": at most " + MAX_ENTRIES + " entries, got " + entries.size());
        }
        List<ImageRule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = field + "[" + i + "]";
            try {
                rules.add(ImageRule.parse(entry));
            } catch (InvalidImageReferenceException e) {
                throw new CleanupRuleException(at, at + ": " + e.getMessage()
                        + " (an image reference, or a repository prefix such as registry.example/team/)");
            }
            if (!seen.add(entry)) {
                throw new CleanupRuleException(at, at + ": '" + entry + "' is listed twice");
            }
        }
        return rules;
    }

    public boolean selects(AgentImage image) {
        return images.isEmpty() || images.stream().anyMatch(r -> r.matches(image));
    }

    public boolean keeps(AgentImage image) {
        return keep.stream().anyMatch(r -> r.matches(image));
    }

    /**
     * What to remove and what to leave of the images a cleanup selects; images it does not select are in neither list.
     *
     * @param images   every image of the node
     * @param pinned   ids of the images the runtime pins
     * @param users    for an image id, the containers (any state) created from it
     * @param ownImage the agent's own image, never removed; null when unknown
     */
    public Decision decide(List<AgentImage> images, Set<String> pinned, Map<String, List<String>> users, ImageRule ownImage) {
        List<AgentImage> remove = new ArrayList<>();
        List<CleanupResult.SkippedImage> skipped = new ArrayList<>();
        for (AgentImage image : images) {
            if (!selects(image)) {
                continue;
            }
            List<String> using = users.getOrDefault(image.id(), List.of());
            if (ownImage != null && ownImage.matches(image)) {
                skipped.add(skip(image, AGENT, "the node agent's own image"));
            } else if (!using.isEmpty()) {
                skipped.add(skip(image, IN_USE, "used by container" + (using.size() == 1 ? " " : "s ")
                        + String.join(", ", using.subList(0, Math.min(5, using.size())))
                        + (using.size() > 5 ? " and " + (using.size() - 5) + " more" : "")));
            } else if (keeps(image)) {
                skipped.add(skip(image, KEEP, "matches keep"));
            } else if (pinned.contains(image.id())) {
                skipped.add(skip(image, PINNED, "pinned by the container runtime"));
            } else {
                remove.add(image);
            }
        }
        return new Decision(remove, skipped);
    }

    /** The names an answer shows for an image: its tags, or its digests when it has none. */
    public static List<String> names(AgentImage image) {
        return image.repoTags().isEmpty() ? image.repoDigests() : image.repoTags();
    }

    private static CleanupResult.SkippedImage skip(AgentImage image, String reason, String detail) {
        return new CleanupResult.SkippedImage(image.id(), names(image), reason, detail);
    }

    /** The images to remove, in the order listed, and those left alone. */
    public record Decision(List<AgentImage> remove, List<CleanupResult.SkippedImage> skipped) {
    }
}
