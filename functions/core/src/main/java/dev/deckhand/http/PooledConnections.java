package dev.deckhand.http;

/**
 * A client that keeps connections open between calls (the JDK's HttpClient does, and cannot be told to close them
 * before Java 21). After a restore from a snapshot (SnapStart) those connections belong to another process and
 * another time: {@link #dropConnections()} makes the next call open its own.
 */
public interface PooledConnections {

    void dropConnections();
}
