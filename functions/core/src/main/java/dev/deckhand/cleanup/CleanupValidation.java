package dev.deckhand.cleanup;

import dev.deckhand.agent.api.CleanupRuleException;
import dev.deckhand.agent.api.CleanupRules;
import dev.deckhand.prewarm.PrewarmValidation;
import dev.deckhand.rollout.RolloutStrategy;

import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a create request and fills in its defaults. Pure: nothing is asked or written. The image rules are checked by
 * the same code the agents apply them with ({@link CleanupRules}), so a task the API stores is one every agent takes.
 */
public final class CleanupValidation {

    private CleanupValidation() {
    }

    /** The spec a valid request stands for (without its creation time), or the first problem found. */
    public static CleanupSpec validate(NewCleanupTask request, CleanupSettings settings) {
        try {
            CleanupRules.of(request.images(), request.keep(), request.unusedFor());
        } catch (CleanupRuleException e) {
            throw new CleanupValidationException(e.field(), e.getMessage());
        }
        int batchSize = batchSize(request.batchSize(), settings);
        Map<String, String> selector = selector(request.nodeSelector());
        RolloutStrategy strategy = RolloutStrategy.DEFAULT;
        if (request.strategy() != null) {
            strategy = RolloutStrategy.parse(request.strategy()).orElseThrow(() -> new CleanupValidationException("strategy",
                    "strategy must be " + RolloutStrategy.choices() + ", got \"" + request.strategy() + "\""));
        }
        return new CleanupSpec(request.images(), request.keep(), Boolean.TRUE.equals(request.dryRun()), batchSize, selector,
                strategy.wire(), null, false, null);
    }

    static int batchSize(Integer batchSize, CleanupSettings settings) {
        if (batchSize == null) {
            return settings.defaultBatchSize();
        }
        if (batchSize < 1 || batchSize > settings.maxBatchSize()) {
            throw new CleanupValidationException("batchSize",
                    "batchSize must be an integer from 1 to " + settings.maxBatchSize() + ", got " + batchSize);
        }
        return batchSize;
    }

    static Map<String, String> selector(Map<String, String> selector) {
        if (selector == null) {
            return Map.of();
        }
        if (selector.size() > PrewarmValidation.MAX_SELECTOR_ENTRIES) {
            throw new CleanupValidationException("nodeSelector", "nodeSelector: at most "
                    + PrewarmValidation.MAX_SELECTOR_ENTRIES + " labels, got " + selector.size());
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (!PrewarmValidation.validLabelKey(key)) {
                throw new CleanupValidationException("nodeSelector", "nodeSelector: '" + key + "' is not a valid label key");
            }
            if (value == null) {
                throw new CleanupValidationException("nodeSelector", "nodeSelector." + key + " must be a string");
            }
            if (!PrewarmValidation.validLabelValue(value)) {
                throw new CleanupValidationException("nodeSelector", "nodeSelector." + key + ": '" + value
                        + "' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and "
                        + "ending with a letter or digit (or empty)");
            }
            sorted.put(key, value);
        }
        return sorted;
    }
}
