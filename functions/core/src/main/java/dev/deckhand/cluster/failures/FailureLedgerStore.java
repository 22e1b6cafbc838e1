package dev.deckhand.cluster.failures;

import java.util.Map;

/** Where the reconciler keeps its {@link FailureLedger} between passes. */
public interface FailureLedgerStore {

    /** The entries stored; empty when none are. */
    Map<String, Failure> load();

    /** Replaces what is stored with these entries. */
    void save(Map<String, Failure> entries);
}
