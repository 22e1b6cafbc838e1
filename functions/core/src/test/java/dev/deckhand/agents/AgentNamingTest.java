package dev.deckhand.agents;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentNamingTest {

    private static final String DNS_1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";

    @Test
    void plainShortNodeNameIsKept() {
        assertEquals("deckhand-agent-ices04-x11dai-n", AgentNaming.objectName("ices04-x11dai-n"));
    }

    @Test
    void dottedOrLongNamesBecomeValidDistinctServiceNames() {
        String dotted = AgentNaming.objectName("ip-10-0-1-12.eu-west-1.compute.internal");
        String dashed = AgentNaming.objectName("ip-10-0-1-12-eu-west-1-compute-internal");
        String longName = AgentNaming.objectName("n".repeat(200) + ".example.com");
        for (String name : new String[] {dotted, dashed, longName}) {
            assertTrue(name.length() <= 63, name);
            assertTrue(name.matches(DNS_1035), name);
        }
        assertNotEquals(dotted, dashed);
        assertEquals(dotted, AgentNaming.objectName("ip-10-0-1-12.eu-west-1.compute.internal"));
    }
}
