package dev.deckhand.agent.runtime;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sockets to one unix domain socket, whatever host and port they are asked for: how grpc-java's OkHttp transport, which
 * only knows TCP, reaches the runtime's CRI socket. The JDK connects unix domain sockets only as {@link SocketChannel}s
 * (whose {@code socket()} is unsupported for them), so each socket here wraps one.
 */
final class UnixSocketFactory extends SocketFactory {

    private final Path path;

    UnixSocketFactory(Path path) {
        this.path = path;
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(path);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        UnixSocket socket = new UnixSocket(path);
        socket.connect(null);
        return socket;
    }

    /**
     * A connected {@link SocketChannel} in the shape of a {@link Socket}. Its streams read and write the channel
     * directly: {@code Channels.newInputStream} would hold the channel's blocking lock while a read waits, and so
     * stall every write of the HTTP/2 connection behind it. TCP options and read timeouts do not apply (the calls
     * have deadlines of their own) and are ignored.
     */
    private static final class UnixSocket extends Socket {

        private final UnixDomainSocketAddress address;
        private SocketChannel channel;

        UnixSocket(Path path) {
            this.address = UnixDomainSocketAddress.of(path);
        }

        @Override
        public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
            connect(ignored);
        }

        @Override
        public synchronized void connect(SocketAddress ignored) throws IOException {
            if (channel != null) {
                throw new SocketException("already connected");
            }
            SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                opened.connect(address);
            } catch (IOException e) {
                opened.close();
                if (!Files.exists(address.getPath())) {
                    throw new ConnectException("socket file not found");
                }
                throw e;
            }
            channel = opened;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            SocketChannel connected = open();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    return length == 0 ? 0 : connected.read(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            SocketChannel connected = open();
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        connected.write(buffer);
                    }
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        private synchronized SocketChannel open() throws SocketException {
            if (channel == null || !channel.isOpen()) {
                throw new SocketException("socket is not connected");
            }
            return channel;
        }

        @Override
        public synchronized void shutdownOutput() throws IOException {
            open().shutdownOutput();
        }

        @Override
        public synchronized void shutdownInput() throws IOException {
            open().shutdownInput();
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public synchronized boolean isConnected() {
            return channel != null;
        }

        @Override
        public synchronized boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return address;
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return null;
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            // not a TCP socket
        }

        @Override
        public void setSoTimeout(int timeout) {
            // see the class comment
        }

        @Override
        public void setKeepAlive(boolean on) {
            // not a TCP socket
        }
    }
}
