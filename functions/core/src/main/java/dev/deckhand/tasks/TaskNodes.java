package dev.deckhand.tasks;

import java.util.List;
import java.util.Map;

/** The nodes a task may cover. */
public interface TaskNodes {

    /** Names of the Ready nodes whose labels match every entry of {@code selector} (all Ready nodes when empty), one LIST. */
    List<String> readyNodes(Map<String, String> selector);
}
