package dev.deckhand.services;

/** One write a services pass plans. */
public sealed interface ServiceAction {

    /** What the write is about, for the pass's report: {@code web: deployment recreated}. */
    String describe();

    record Create(ServiceObjectKind kind, StoredService service, boolean recreate) implements ServiceAction {
        @Override
        public String describe() {
            return service.name() + ": " + kind.word() + (recreate ? " recreated" : " created");
        }
    }

    record Replace(ServiceObjectKind kind, StoredService service, ObservedServiceObject observed, String drift) implements ServiceAction {
        @Override
        public String describe() {
            return service.name() + ": " + kind.word() + " updated (" + drift + ")";
        }
    }

    record Delete(ObservedServiceObject observed) implements ServiceAction {
        @Override
        public String describe() {
            return observed.name() + ": " + observed.kind().word() + " deleted (no longer in the compose file)";
        }
    }
}
