package org.dspam.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A unix domain socket dressed as a {@link java.net.Socket}, for JDBC drivers that only know TCP
 * sockets: DSPAM's {@code MySQLServer /var/run/mysqld/mysqld.sock} and
 * {@code PgSQLServer /var/run/postgresql/} reach the server this way. TCP options are ignored;
 * the read timeout ({@code setSoTimeout}) is honoured.
 */
final class UnixDomainSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private Selector readable;
    private Selector writable;
    private volatile int timeout;
    private volatile boolean closed;

    UnixDomainSocket(Path path) {
        this.path = path;
    }

    /** Connects to the socket file, whatever address the driver passes. */
    @Override
    public synchronized void connect(SocketAddress ignored, int connectTimeout) throws IOException {
        if (channel != null) {
            throw new SocketException("already connected");
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.configureBlocking(false);
            readable = Selector.open();
            writable = Selector.open();
            ch.register(readable, SelectionKey.OP_READ);
            ch.register(writable, SelectionKey.OP_WRITE);
        } catch (IOException e) {
            ch.close();
            throw new IOException("Cannot connect to " + path + ": " + e.getMessage(), e);
        }
        channel = ch;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireConnected();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                int limit = timeout;
                long deadline = System.nanoTime() + limit * 1_000_000L;
                int n;
                while ((n = channel.read(buf)) == 0) {
                    long left = limit == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
                    if (limit > 0 && left <= 0) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                    readable.select(left);
                    readable.selectedKeys().clear();
                }
                return n;
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireConnected();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0) {
                        writable.select();
                        writable.selectedKeys().clear();
                    }
                }
            }
        };
    }

    private void requireConnected() throws SocketException {
        if (channel == null || closed) {
            throw new SocketException(closed ? "Socket is closed" : "Socket is not connected");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            readable.close();
            writable.close();
            channel.close();
        }
    }

    @Override
    public boolean isConnected() {
        return channel != null && channel.isConnected();
    }

    @Override
    public boolean isBound() {
        return isConnected();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void shutdownInput() throws IOException {
        requireConnected();
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        requireConnected();
        channel.shutdownOutput();
    }

    @Override
    public void setSoTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    @Override
    public int getSoTimeout() {
        return timeout;
    }

    @Override
    public void bind(SocketAddress local) {
        // A client socket here needs no local address.
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    // TCP options mean nothing on a unix socket.
    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
    }

    @Override
    public int getSoLinger() {
        return -1;
    }

    @Override
    public void setSendBufferSize(int size) {
    }

    @Override
    public int getSendBufferSize() {
        return 65536;
    }

    @Override
    public void setReceiveBufferSize(int size) {
    }

    @Override
    public int getReceiveBufferSize() {
        return 65536;
    }

    @Override
    public void setReuseAddress(boolean on) {
    }

    @Override
    public boolean getReuseAddress() {
        return false;
    }

    @Override
    public void setTrafficClass(int tc) {
    }

    @Override
    public int getTrafficClass() {
        return 0;
    }

    @Override
    public void setOOBInline(boolean on) {
    }

    @Override
    public boolean getOOBInline() {
        return false;
    }

    @Override
    public String toString() {
        return "UnixDomainSocket[" + path + "]";
    }
}
