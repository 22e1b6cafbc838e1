package dev.deckhand.cleanup;

import dev.deckhand.agent.api.CleanupRuleException;
import dev.deckhand.agent.api.CleanupRules;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.TaskValidation;

import java.util.Map;

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
        int batchSize = TaskValidation.batchSize(request.batchSize(), settings, CleanupValidationException::new);
        Map<String, String> selector = TaskValidation.selector(request.nodeSelector(), CleanupValidationException::new);
        RolloutStrategy strategy = TaskValidation.strategy(request.strategy(), CleanupValidationException::new);
        return new CleanupSpec(request.images(), request.keep(), Boolean.TRUE.equals(request.dryRun()), batchSize, selector,
                strategy.wire(), null, false, null);
    }
}
