package dev.deckhand.cluster;

/**
 * A write a reconcile pass does not send because the API server would refuse it, and would say less about why (a node
 * port another Service holds). It is reported and backed off as a refused write is ({@link PassWrites#failed}), but it
 * spends none of the pass's budget of failing writes: no request reached the API server.
 */
public class UnsentWriteException extends RuntimeException {

    public UnsentWriteException(String message) {
        super(message);
    }
}
