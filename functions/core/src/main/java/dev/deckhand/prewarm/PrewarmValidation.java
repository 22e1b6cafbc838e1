package dev.deckhand.prewarm;

import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.rollout.RolloutStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a create request and fills in its defaults. Pure: no cluster is asked, nothing is written. Each problem is a
 * {@link PrewarmValidationException} whose message starts with the field, e.g. {@code images[1]: ...}.
 */
public final class PrewarmValidation {

    static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final int LABEL_NAME_MAX = 63;
    private static final int PREFIX_MAX = 253;
    /** Most nodeSelector entries: a selector is one label-selector query parameter of every node LIST. */
    public static final int MAX_SELECTOR_ENTRIES = 20;
    public static final int MAX_PULL_SECRETS = 10;

    private PrewarmValidation() {
    }

    /**
     * The spec a valid request stands for (without its creation time), or the first problem found.
     */
    public static PrewarmSpec validate(NewPrewarmTask request, PrewarmSettings settings) {
        List<String> images = images(request.images(), settings.maxImages());
        int batchSize = batchSize(request.batchSize(), settings);
        Map<String, String> selector = selector(request.nodeSelector());
        PullMode mode = mode(request.mode(), settings);
        List<String> secrets = pullSecrets(request.imagePullSecrets());
        if (!secrets.isEmpty() && mode == PullMode.AGENT) {
            throw new PrewarmValidationException("imagePullSecrets",
                    "imagePullSecrets needs \"mode\": \"job\": in agent mode the node's runtime pulls with the node's own "
                            + "registry credentials");
        }
        RolloutStrategy strategy = strategy(request.strategy());
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

    static int batchSize(Integer batchSize, PrewarmSettings settings) {
        if (batchSize == null) {
            return settings.defaultBatchSize();
        }
        if (batchSize < 1 || batchSize > settings.maxBatchSize()) {
            throw new PrewarmValidationException("batchSize",
                    "batchSize must be an integer from 1 to " + settings.maxBatchSize() + ", got " + batchSize);
        }
        return batchSize;
    }

    static Map<String, String> selector(Map<String, String> selector) {
        if (selector == null) {
            return Map.of();
        }
        if (selector.size() > MAX_SELECTOR_ENTRIES) {
            throw new PrewarmValidationException("nodeSelector", "nodeSelector: at most " + MAX_SELECTOR_ENTRIES
                    + " labels, got " + selector.size());
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (!validLabelKey(key)) {
                throw new PrewarmValidationException("nodeSelector", "nodeSelector: '" + key + "' is not a valid label key: an "
                        + "optional DNS subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' or "
                        + "'.', starting and ending with a letter or digit");
            }
            if (value == null) {
                throw new PrewarmValidationException("nodeSelector", "nodeSelector." + key + " must be a string");
            }
            if (!validLabelValue(value)) {
                throw new PrewarmValidationException("nodeSelector", "nodeSelector." + key + ": '" + value
                        + "' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and "
                        + "ending with a letter or digit (or empty)");
            }
            sorted.put(key, value);
        }
        return sorted;
    }

    static PullMode mode(String mode, PrewarmSettings settings) {
        if (mode == null) {
            return settings.defaultMode();
        }
        return PullMode.parse(mode).orElseThrow(() -> new PrewarmValidationException("mode",
                "mode must be \"agent\" or \"job\", got \"" + mode + "\""));
    }

    static RolloutStrategy strategy(String strategy) {
        if (strategy == null) {
            return RolloutStrategy.DEFAULT;
        }
        return RolloutStrategy.parse(strategy).orElseThrow(() -> new PrewarmValidationException("strategy",
                "strategy must be " + RolloutStrategy.choices() + ", got \"" + strategy + "\""));
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
            if (name == null || name.length() > PREFIX_MAX || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
                throw new PrewarmValidationException("imagePullSecrets[" + i + "]", "imagePullSecrets[" + i + "]: '" + name
                        + "' is not a Secret name (a DNS-1123 subdomain)");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    public static boolean validLabelKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > PREFIX_MAX || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(name).matches();
    }

    public static boolean validLabelValue(String value) {
        return value.isEmpty() || (value.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(value).matches());
    }
}
