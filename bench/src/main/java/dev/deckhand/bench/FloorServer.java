package dev.deckhand.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The floor of a cold start: a bare-JDK HTTP server answering 200 with a JSON array. */
public final class FloorServer {

    private FloorServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        byte[] body = "[\"node-1\"]".getBytes(StandardCharsets.UTF_8);
        server.createContext("/get/nodes", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
