package dev.deckhand.prewarm;

import java.time.Instant;

/**
 * A prewarm Job as a pass reads it.
 *
 * @param name        the Job's name ({@link BatchPlanner#jobName})
 * @param state       active, complete or failed
 * @param reason      the Failed condition's reason ({@code DeadlineExceeded}, {@code BackoffLimitExceeded}), else null
 * @param message     the Failed condition's message, else null
 * @param startTime   when the Job started, if it did
 * @param finishTime  when it completed or failed, if it did
 */
public record ObservedJob(String name, State state, String reason, String message, Instant startTime, Instant finishTime) {

    public enum State { ACTIVE, COMPLETE, FAILED }
}
