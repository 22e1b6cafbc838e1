package dev.deckhand.tasks;

import dev.deckhand.rollout.RolloutStrategy;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The checks of a create request every kind of node-by-node task makes: batch size, node selector, strategy. Pure.
 * Each problem is the kind's 400 exception, made by {@code invalid} from the field and a message that starts with it.
 */
public final class TaskValidation {

    public static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** Longest DNS-1123 subdomain. */
    public static final int SUBDOMAIN_MAX = 253;
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final int LABEL_NAME_MAX = 63;
    /** Most nodeSelector entries: a selector is one label-selector query parameter of every node LIST. */
    public static final int MAX_SELECTOR_ENTRIES = 20;

    private TaskValidation() {
    }

    public static int batchSize(Integer batchSize, TaskSettings settings,
                                BiFunction<String, String, ? extends RuntimeException> invalid) {
        if (batchSize == null) {
            return settings.defaultBatchSize();
        }
        if (batchSize < 1 || batchSize > settings.maxBatchSize()) {
            throw invalid.apply("batchSize",
                    "batchSize must be an integer from 1 to " + settings.maxBatchSize() + ", got " + batchSize);
        }
        return batchSize;
    }

    /** The selector, sorted by key; a key or value Kubernetes would refuse is refused with the rule it breaks. */
    public static Map<String, String> selector(Map<String, String> selector,
                                               BiFunction<String, String, ? extends RuntimeException> invalid) {
        if (selector == null) {
            return Map.of();
        }
        if (selector.size() > MAX_SELECTOR_ENTRIES) {
            throw invalid.apply("nodeSelector", "nodeSelector: at most " + MAX_SELECTOR_ENTRIES
                    + " labels, got " + selector.size());
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (!validLabelKey(key)) {
                throw invalid.apply("nodeSelector", "nodeSelector: '" + key + "' is not a valid label key: an optional DNS "
                        + "subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' or '.', starting and "
                        + "ending with a letter or digit");
            }
            if (value == null) {
                throw invalid.apply("nodeSelector", "nodeSelector." + key + " must be a string");
            }
            if (!validLabelValue(value)) {
                throw invalid.apply("nodeSelector", "nodeSelector." + key + ": '" + value
                        + "' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and "
                        + "ending with a letter or digit (or empty)");
            }
            sorted.put(key, value);
        }
        return sorted;
    }

    public static RolloutStrategy strategy(String strategy, BiFunction<String, String, ? extends RuntimeException> invalid) {
        if (strategy == null) {
            return RolloutStrategy.DEFAULT;
        }
        return RolloutStrategy.parse(strategy).orElseThrow(() -> invalid.apply("strategy",
                "strategy must be " + RolloutStrategy.choices() + ", got \"" + strategy + "\""));
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
            if (prefix.isEmpty() || prefix.length() > SUBDOMAIN_MAX || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(name).matches();
    }

    public static boolean validLabelValue(String value) {
        return value.isEmpty() || (value.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(value).matches());
    }
}
