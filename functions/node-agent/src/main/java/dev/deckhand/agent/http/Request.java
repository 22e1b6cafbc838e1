package dev.deckhand.agent.http;

import java.util.Map;

/** What a route gets of a request: the decoded query parameters (first value each) and the body. */
record Request(Map<String, String> queryParameters, byte[] body) {

    String query(String name) {
        return queryParameters.get(name);
    }
}
