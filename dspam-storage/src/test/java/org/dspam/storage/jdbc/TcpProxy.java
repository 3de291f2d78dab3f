package org.dspam.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP forwarder on a loopback port to a database server, that a test can cut (every connection
 * dies and new ones are refused, as when the server or the network goes away) and restore, without
 * touching the server that other tests and programs share.
 */
final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket server;

    TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    int port() {
        return port;
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        threads.submit(() -> accept(s));
        return s;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                open.add(client);
                open.add(upstream);
                threads.submit(() -> pump(client, upstream));
                threads.submit(() -> pump(upstream, client));
            } catch (IOException e) {
                // The listener was closed by cut(), or the server refused: the client sees a reset.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A cut, or one side closed.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Drops every connection and refuses new ones. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            // Reset rather than close politely, as a dying server or network does.
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // Already closed.
            }
            closeQuietly(s);
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() throws IOException {
        server = listen(port);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing left to do.
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        threads.shutdownNow();
    }
}
