package org.dspam.storage.jdbc;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;

/**
 * Lets MySQL Connector/J reach the server over its unix socket ({@code MySQLServer} set to a
 * path). Connector/J hands a factory only a host name, so the path travels hex-encoded in it.
 */
public final class MysqlUnixSocketFactory extends StandardSocketFactory {
    private static final String PREFIX = "unix-";

    static String hostFor(Path socket) {
        return PREFIX + HexFormat.of().formatHex(socket.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Path pathOf(String host) throws IOException {
        if (host == null || !host.startsWith(PREFIX)) {
            throw new IOException("not a unix socket host: " + host);
        }
        return Path.of(new String(HexFormat.of().parseHex(host.substring(PREFIX.length())), StandardCharsets.UTF_8));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Closeable> T connect(String host, int port, PropertySet props, int loginTimeout)
            throws IOException {
        UnixDomainSocket socket = new UnixDomainSocket(pathOf(host));
        socket.connect(null);
        this.host = host;
        this.port = port;
        this.rawSocket = socket;
        this.sslSocket = socket;
        return (T) socket;
    }
}
