package dev.deckhand.agent.http;

/** An answer: status and the record written as its JSON body. */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
