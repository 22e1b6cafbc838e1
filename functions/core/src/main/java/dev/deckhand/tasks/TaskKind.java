package dev.deckhand.tasks;

/**
 * The names one kind of node-by-node task goes by in logs, messages, thread names, meters and the failure ledger.
 *
 * @param name      the kind's short name: {@code prewarm}, {@code cleanup}; meters are {@code deckhand.<name>.*}, the
 *                  ledger's keys {@code <name>task/<id>}
 * @param noun      one task in a log line or an API server message: {@code prewarm task}, {@code cleanup}
 * @param shortNoun one task where the kind is clear from the context: {@code task}, {@code cleanup}
 */
public record TaskKind(String name, String noun, String shortNoun) {

    /** The failure ledger's key of a task: {@code prewarmtask/<id>}, {@code cleanuptask/<id>}. */
    public String ledgerKey(String id) {
        return name + "task/" + id;
    }
}
