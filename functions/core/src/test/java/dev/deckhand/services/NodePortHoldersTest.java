package dev.deckhand.services;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rule {@code POST /services} and the reconciler's services step share: who holds a node port, and whose it is. */
class NodePortHoldersTest {

    private final NodePorts.Holders holders = new NodePorts.Holders(Map.of(
            30080, "default/legacy-web", 30090, "deckhand-services/web", 30100, "team/api"));

    @Test
    void aPortAnotherServiceHoldsIsTakenAndNamesItsHolder() {
        assertEquals(Optional.of("default/legacy-web"), holders.holder(30080));
        assertEquals(Optional.empty(), holders.holder(30081));
        NodePortTakenException taken = holders.taken(Set.of(30080), null).orElseThrow();
        assertEquals("node port 30080 is already held by Service default/legacy-web", taken.getMessage());
        assertEquals("default/legacy-web", taken.holder());
    }

    @Test
    void aServiceMayKeepItsOwnPortsAndTheLowestTakenOneIsReported() {
        assertEquals(Optional.empty(), holders.taken(Set.of(30090, 30091), "deckhand-services/web").map(Exception::getMessage));
        assertEquals(Optional.of("node port 30090 is already held by Service deckhand-services/web"),
                holders.taken(List.of(30100, 30090), "deckhand-services/other").map(Exception::getMessage));
    }
}
