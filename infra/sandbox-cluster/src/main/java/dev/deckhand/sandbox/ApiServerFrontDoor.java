package dev.deckhand.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP front door to the sandbox's API server for fault tests: clients given {@link #kubeconfigPath()} reach the
 * API server through it, and a test can take the API server away from them ({@link #down()}: connections
 * refused, as from a stopped server), make it hang ({@link #stall()}: connections accepted, nothing answered, as
 * from an overloaded one) and bring it back ({@link #up()}) with everything it stored. The simulator, the agents
 * and {@link SandboxCluster#client()} keep talking to the API server directly.
 */
public final class ApiServerFrontDoor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerFrontDoor.class);

    public enum Mode { UP, DOWN, STALL }

    private final int target;
    private final int port;
    private final Path kubeconfig;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-front-door");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.UP;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    ApiServerFrontDoor(int apiServerPort, String namespace) {
        this.target = apiServerPort;
        try {
            this.listener = listen(0);
            this.port = listener.getLocalPort();
            this.kubeconfig = Files.createTempFile("deckhand-front-door", ".kubeconfig");
            kubeconfig.toFile().deleteOnExit();
            Kubeconfig.write(kubeconfig, url(), namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptLoop);
    }

    /** The API server URL clients of the front door use. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A kubeconfig that points at the front door. */
    public Path kubeconfigPath() {
        return kubeconfig;
    }

    public Mode mode() {
        return mode;
    }

    /** Connections are refused (the port is closed) and open ones are cut. */
    public synchronized void down() {
        mode = Mode.DOWN;
        closeQuietly(listener);
        cutOpenConnections();
    }

    /** Connections are accepted and requests read, but nothing is answered until {@link #up()}; open ones hang. */
    public synchronized void stall() {
        reopenIfClosed();
        mode = Mode.STALL;
    }

    /** Requests reach the API server again; connections held by a stall are cut so that clients retry. */
    public synchronized void up() {
        Mode before = mode;
        reopenIfClosed();
        mode = Mode.UP;
        if (before == Mode.STALL) {
            cutOpenConnections();
        }
    }

    private void reopenIfClosed() {
        if (listener.isClosed() && !closed) {
            try {
                listener = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " again", e);
            }
            threads.execute(this::acceptLoop);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        return socket;
    }

    private void acceptLoop() {
        ServerSocket mine = listener;
        while (!mine.isClosed()) {
            try {
                Socket client = mine.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!mine.isClosed()) {
                    LOG.debug("front door accept: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), target)) {
            open.add(server);
            threads.execute(() -> pump(server, client, false));
            pump(client, server, true);
        } catch (IOException e) {
            LOG.debug("front door connection: {}", e.toString());
        } finally {
            open.remove(client);
        }
    }

    /** Copies bytes one way; client-to-server bytes wait while the door stalls, so no request gets through. */
    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (request && mode == Mode.STALL && !from.isClosed()) {
                    Thread.sleep(20);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException e) {
            // cut by down(), up() after a stall, or the peer
        } catch (IOException e) {
            LOG.debug("front door pump: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(to);
            closeQuietly(from);
            open.remove(to);
        }
    }

    private void cutOpenConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(listener);
        cutOpenConnections();
        threads.shutdownNow();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
