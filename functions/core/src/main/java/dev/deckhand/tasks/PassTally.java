package dev.deckhand.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What one pass did with the tasks of one kind, counted from the threads of the pass. A kind adds its own counts. */
public class PassTally {

    /** Tasks of the kind in the cluster. */
    int tasks;
    /** Tasks the pass had work for. */
    int work;
    public final AtomicInteger started = new AtomicInteger();
    public final AtomicInteger finished = new AtomicInteger();
    public final AtomicInteger nodesCompleted = new AtomicInteger();
    public final AtomicInteger nodesFailed = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger deferred = new AtomicInteger();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public int tasks() {
        return tasks;
    }

    /** Tasks still pending or running after the pass. */
    public int active() {
        return work - finished.get();
    }

    /** One line per task whose step failed, sorted. */
    public List<String> failures() {
        List<String> sorted = new ArrayList<>(failures);
        Collections.sort(sorted);
        return sorted;
    }
}
