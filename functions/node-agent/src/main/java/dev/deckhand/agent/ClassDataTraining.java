package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.http.AgentServer;
import dev.deckhand.agent.runtime.CriImageRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run for the agent's class-data archive: starts the agent in this JVM as {@link Application} does (on
 * a free port, with a throw-away token, against {@code DECKHAND_AGENT_RUNTIME_ENDPOINT} when set), sends it the
 * requests a working agent gets first, and exits. Run it with {@code -XX:ArchiveClassesAtExit=FILE} and the jar as
 * the class path; the JVM then writes the classes it loaded to FILE (see the Dockerfile). Without a runtime behind
 * the socket the runtime calls fail, which still loads the HTTP, JSON and gRPC (OkHttp transport) classes of the call path.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        LogLines.install();
        Path token = Files.createTempFile("agent-training-token", "");
        String secret = "class-data-training-" + "0".repeat(32);
        Files.writeString(token, secret);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DECKHAND_AGENT_TOKEN_FILE", token.toString());
        env.put("PORT", "0");
        env.putIfAbsent("DECKHAND_AGENT_CALL_TIMEOUT", "2s");
        AgentConfig config = AgentConfig.fromEnvironment(env);
        try (CriImageRuntime runtime = new CriImageRuntime(config); AgentServer server = AgentServer.start(config, runtime)) {
            for (String path : new String[] {AgentPaths.HEALTHZ, AgentPaths.READYZ, AgentPaths.IMAGES, AgentPaths.FS,
                    AgentPaths.IMAGE_STATUS + "?image=busybox:1.36"}) {
                System.out.println("GET " + path + ": " + exchange(server.port(), "GET " + path, secret, null));
            }
            System.out.println("POST " + AgentPaths.REMOVE + ": " + exchange(server.port(), "POST " + AgentPaths.REMOVE,
                    secret, "{\"image\":\"busybox:1.36\"}"));
            System.out.println("POST " + AgentPaths.PULL + ": " + exchange(server.port(), "POST " + AgentPaths.PULL,
                    secret, "{\"image\":\"Not A Reference\"}"));
        } finally {
            Files.deleteIfExists(token);
        }
    }

    /** One HTTP/1.1 exchange over a plain socket (no HTTP client classes in the archive); answers the status line. */
    private static String exchange(int port, String requestLine, String token, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + token
                + "\r\n" + (body == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + content.length + "\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().findFirst().orElse("(no answer)");
        }
    }
}
