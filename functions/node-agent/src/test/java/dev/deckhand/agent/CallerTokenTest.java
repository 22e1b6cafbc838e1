package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only a caller with the agent token gets past the probes; the agent does not start without a token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerTokenTest {

    @TempDir
    static Path dir;
    private AgentUnderTest agent;

    @BeforeAll
    void start() {
        agent = AgentUnderTest.start(dir.resolve("absent.sock").toString());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void everyRouteButTheProbesNeedsTheToken() {
        for (String path : new String[] {AgentPaths.IMAGES, AgentPaths.FS, AgentPaths.IMAGE_STATUS + "?image=a:1"}) {
            AgentUnderTest.Response none = agent.getAs(null, path);
            assertEquals(401, none.status(), path);
            assertTrue(none.body().contains("\"code\":\"UNAUTHENTICATED\""), none.body());
            assertEquals(401, agent.getAs("Bearer not-the-token-but-long-enough-0000000000", path).status(), path);
            assertEquals(401, agent.getAs(AgentUnderTest.TOKEN, path).status(), "no Bearer scheme: " + path);
            // With the token the request reaches the route: here, a runtime that is not there.
            assertEquals(503, agent.getAs("Bearer " + AgentUnderTest.TOKEN, path).status(), path);
        }
        assertEquals(200, agent.getAs(null, AgentPaths.HEALTHZ).status());
        assertEquals(503, agent.getAs(null, AgentPaths.READYZ).status(), "readyz answers without a token");
    }

    @Test
    void refusedPullRemovesNothing() {
        AgentUnderTest.Response response = agent.post(AgentPaths.REMOVE, "application/json", "{\"image\":\"a:1\"}");
        assertEquals(503, response.status(), "with the token, the remove reaches the (absent) runtime");
    }

    @Test
    void withoutAUsableTokenTheAgentDoesNotStart() {
        Path shortToken = AgentUnderTest.tokenFile("short");
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> AgentUnderTest.start(dir.resolve("absent.sock").toString(), shortToken));
        assertTrue(e.getMessage().contains("at least 32 characters"), e.getMessage());
        Exception missing = assertThrows(UncheckedIOException.class,
                () -> AgentUnderTest.start(dir.resolve("absent.sock").toString(), dir.resolve("no-such-file")));
        assertTrue(missing.getMessage().contains("no-such-file"), missing.getMessage());
    }

    @Test
    void aRotatedTokenIsTakenWithinTenSeconds() throws Exception {
        String next = "rotated-agent-token-9876543210fedcba9876543210";
        Path file = AgentUnderTest.tokenFile(AgentUnderTest.TOKEN);
        try (AgentUnderTest rotating = AgentUnderTest.start(dir.resolve("absent.sock").toString(), file)) {
            Files.writeString(file, next + "\n");
            // Until the file is read again the old token still works (a Secret update reaches pods within ~a minute).
            assertEquals(503, rotating.getAs("Bearer " + AgentUnderTest.TOKEN, AgentPaths.IMAGES).status());
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(12).toNanos();
            int status = rotating.getAs("Bearer " + next, AgentPaths.IMAGES).status();
            while (status == 401 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                status = rotating.getAs("Bearer " + next, AgentPaths.IMAGES).status();
            }
            assertEquals(503, status, "the new token is accepted (and the call reaches the absent runtime)");
            assertEquals(401, rotating.getAs("Bearer " + AgentUnderTest.TOKEN, AgentPaths.IMAGES).status(),
                    "the old token is refused after the re-read");
        }
    }
}
