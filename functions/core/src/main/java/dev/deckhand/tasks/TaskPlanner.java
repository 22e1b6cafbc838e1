package dev.deckhand.tasks;

import java.time.Instant;
import java.util.Collection;

/**
 * The decisions a reconcile pass asks of a kind's planner about a task's status, on plain data.
 *
 * @param start  the status a task starts with, over the Ready nodes that match its selector
 * @param record the status with these outcomes recorded; recording one twice changes nothing
 * @param cancel the status of a task cancelled now (the status may be null: not started)
 * @param giveUp the status of a task whose step the API server refused pass after pass: failed, with its words
 * @param <P>    the kind's spec
 * @param <S>    its status
 * @param <O>    how one node ended
 */
public record TaskPlanner<P, S, O>(Start<P, S> start, Record<S, O> record, Cancel<P, S> cancel, GiveUp<P, S> giveUp) {

    @FunctionalInterface
    public interface Start<P, S> {
        S start(P spec, Collection<String> readyNodes, Instant now);
    }

    @FunctionalInterface
    public interface Record<S, O> {
        S record(S status, int batchSize, Collection<O> outcomes);
    }

    @FunctionalInterface
    public interface Cancel<P, S> {
        S cancel(S status, P spec, Instant now);
    }

    @FunctionalInterface
    public interface GiveUp<P, S> {
        S giveUp(S status, P spec, String message, Instant now);
    }
}
