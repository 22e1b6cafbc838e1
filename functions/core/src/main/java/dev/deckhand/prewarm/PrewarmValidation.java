package dev.deckhand.prewarm;

import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.TaskValidation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a create request and fills in its defaults. Pure: no cluster is asked, nothing is written. Each problem is a
 * {@link PrewarmValidationException} whose message starts with the field, e.g. {@code images[1]: ...}.
 */
public final class PrewarmValidation {

    public static final int MAX_PULL_SECRETS = 10;

    private PrewarmValidation() {
    }

    /**
     * The spec a valid request stands for (without its creation time), or the first problem found.
     */
    public static PrewarmSpec validate(NewPrewarmTask request, PrewarmSettings settings) {
        List<String> images = images(request.images(), settings.maxImages());
        int batchSize = TaskValidation.batchSize(request.batchSize(), settings, PrewarmValidationException::new);
        Map<String, String> selector = TaskValidation.selector(request.nodeSelector(), PrewarmValidationException::new);
        PullMode mode = mode(request.mode(), settings);
        List<String> secrets = pullSecrets(request.imagePullSecrets());
        if (!secrets.isEmpty() && mode == PullMode.AGENT) {
            throw new PrewarmValidationException("imagePullSecrets",
                    "imagePullSecrets needs \"mode\": \"job\": in agent mode the node's runtime pulls with the node's own "
                            + "registry credentials");
        }
        RolloutStrategy strategy = TaskValidation.strategy(request.strategy(), PrewarmValidationException::new);
        boolean follow = request.followSelector() != null && request.followSelector();
        return new PrewarmSpec(images, batchSize, selector, follow, secrets, mode.wire(), strategy.wire(), null, false, null);
    }

    static List<String> images(List<String> images, int max) {
        if (images == null || images.isEmpty()) {
            throw new PrewarmValidationException("images", "images is required: a list of at least one image reference");
        }
        if (images.size() > max) {
            throw new PrewarmValidationException("images",
                    "images: at most " + max + " images per task, got " + images.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            String field = "images[" + i + "]";
            try {
                ImageReference.parse(image);
            } catch (InvalidImageReferenceException e) {
                throw new PrewarmValidationException(field, field + ": " + e.getMessage());
            }
            if (!seen.add(image)) {
                throw new PrewarmValidationException(field, field + ": '" + image + "' is listed twice");
            }
        }
        return List.copyOf(images);
    }

    static PullMode mode(String mode, PrewarmSettings settings) {
        if (mode == null) {
            return settings.defaultMode();
        }
        return PullMode.parse(mode).orElseThrow(() -> new PrewarmValidationException("mode",
                "mode must be \"agent\" or \"job\", got \"" + mode + "\""));
    }

    static List<String> pullSecrets(List<String> secrets) {
        if (secrets == null) {
            return List.of();
        }
        if (secrets.size() > MAX_PULL_SECRETS) {
            throw new PrewarmValidationException("imagePullSecrets", "imagePullSecrets: at most " + MAX_PULL_SECRETS
                    + " Secrets, got " + secrets.size());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String name = secrets.get(i);
            if (name == null || name.length() > TaskValidation.SUBDOMAIN_MAX
                    || !TaskValidation.DNS_1123_SUBDOMAIN.matcher(name).matches()) {
                throw new PrewarmValidationException("imagePullSecrets[" + i + "]", "imagePullSecrets[" + i + "]: '" + name
                        + "' is not a Secret name (a DNS-1123 subdomain)");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
