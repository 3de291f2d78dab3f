package org.dspam.storage.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;

import javax.net.SocketFactory;

/**
 * Lets the PostgreSQL JDBC driver reach the server over its unix socket
 * ({@code PgSQLServer /var/run/postgresql/}); the driver passes the socket file's path as the
 * {@code socketFactoryArg}.
 */
public final class PgsqlUnixSocketFactory extends SocketFactory {
    private final Path path;

    public PgsqlUnixSocketFactory(String path) {
        this.path = Path.of(path);
    }

    @Override
    public Socket createSocket() {
        return new UnixDomainSocket(path);
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
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket s = new UnixDomainSocket(path);
        s.connect(null);
        return s;
    }
}
