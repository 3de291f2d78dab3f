package org.dspam.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;

/**
 * Delivers to {@code DeliveryHost} (an address, or a unix socket path starting with {@code /}) on
 * {@code DeliveryPort} (24) over LMTP or SMTP, greeting with {@code DeliveryIdent}
 * ({@code localhost}). {@code DeliveryHost.<domain>} overrides the host for recipients in that
 * domain. The message is sent with CRLF line ends and dot-stuffed; LMTP gives one reply per
 * accepted recipient after the data, SMTP one for all. Failures carry DSPAM's status texts:
 * {@code Deferred: <reply>} (4xx, or a broken connection: the MTA retries) and
 * {@code Fatal: <reply>} (5xx).
 */
public final class SmtpTransport implements MailTransport {
    private static final int TIMEOUT_MILLIS = 300_000;

    private final DspamConfig config;
    private final DeliveryProtocol protocol;
    private final AgentLog log;

    public SmtpTransport(DspamConfig config, DeliveryProtocol protocol, AgentLog log) {
        this.config = config;
        this.protocol = protocol;
        this.log = log;
    }

    @Override
    public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message) {
        String host = hostFor(recipients.isEmpty() ? "" : recipients.get(0));
        if (host == null) {
            log.error("Invalid client configuration");
            return all(recipients, DeliveryResult.temporary("Invalid client configuration"));
        }
        int port = config.getInt("DeliveryPort", 24);
        try (Connection c = Connection.open(host, port)) {
            return converse(c, mailFrom, recipients, message);
        } catch (IOException e) {
            String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.error(host.startsWith("/") ? "Connection to socket " + host + " failed: " + text
                    : "Connection to " + host + ":" + port + " failed: " + text);
            log.error("Delivery failed completely");
            return all(recipients, DeliveryResult.temporary("Unable to connect to server: " + text));
        }
    }

    String hostFor(String recipient) {
        String host = config.get("DeliveryHost").orElse(null);
        int at = recipient.indexOf('@');
        if (at >= 0) {
            host = config.get("DeliveryHost." + recipient.substring(at + 1)).orElse(host);
        }
        return host;
    }

    private List<DeliveryResult> converse(Connection c, String mailFrom, List<String> recipients, String message)
            throws IOException {
        String ident = config.get("DeliveryIdent").orElse("localhost");
        Reply reply = c.reply();
        if (!reply.is(2)) {
            return failAll(c, recipients, "greeting", reply);
        }
        reply = c.command(protocol.greeting() + " " + ident);
        if (!reply.is(2)) {
            return failAll(c, recipients, protocol.greeting(), reply);
        }
        byte[] data = encode(message);
        String mail = "MAIL FROM:<" + mailFrom + ">";
        if (protocol == DeliveryProtocol.LMTP) {
            mail += " SIZE=" + data.length;
        }
        reply = c.command(mail);
        if (!reply.is(2)) {
            return failAll(c, recipients, "MAIL FROM", reply);
        }
        List<DeliveryResult> results = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            reply = c.command("RCPT TO:<" + recipients.get(i) + ">");
            if (reply.is(2)) {
                results.add(DeliveryResult.OK);
                accepted.add(i);
            } else {
                results.add(failure("RCPT TO", reply));
            }
        }
        if (accepted.isEmpty()) {
            c.quit();
            return results;
        }
        reply = c.command("DATA");
        if (!reply.is(3)) {
            DeliveryResult f = failure("DATA", reply);
            accepted.forEach(i -> results.set(i, f));
            c.quit();
            return results;
        }
        c.write(data);
        c.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        c.flush();
        if (protocol == DeliveryProtocol.LMTP) {
            for (int i : accepted) {
                Reply r = c.reply();
                results.set(i, r.is(2) ? DeliveryResult.OK : failure("message data", r));
            }
        } else {
            Reply r = c.reply();
            DeliveryResult result = r.is(2) ? DeliveryResult.OK : failure("message data", r);
            accepted.forEach(i -> results.set(i, result));
        }
        c.quit();
        return results;
    }

    /** CRLF line ends and dot-stuffing; a last line without a newline is ended. */
    static byte[] encode(String message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(message.length() + 256);
        int pos = 0;
        int n = message.length();
        while (pos < n) {
            int nl = message.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            int lineEnd = end > pos && message.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd > pos && message.charAt(pos) == '.') {
                out.write('.');
            }
            for (int i = pos; i < lineEnd; i++) {
                out.write(message.charAt(i));
            }
            out.write('\r');
            out.write('\n');
            pos = nl < 0 ? n : nl + 1;
        }
        return out.toByteArray();
    }

    private List<DeliveryResult> failAll(Connection c, List<String> recipients, String step, Reply reply)
            throws IOException {
        DeliveryResult f = failure(step, reply);
        c.quit();
        return all(recipients, f);
    }

    private DeliveryResult failure(String step, Reply reply) {
        log.error("Got error " + reply.code + " in response to " + step + ": " + reply.text);
        return reply.code >= 500 ? DeliveryResult.permanent("Fatal: " + reply.text)
                : DeliveryResult.temporary("Deferred: " + reply.text);
    }

    private static List<DeliveryResult> all(List<String> recipients, DeliveryResult r) {
        List<DeliveryResult> out = new ArrayList<>();
        for (int i = 0; i < Math.max(1, recipients.size()); i++) {
            out.add(r);
        }
        return out;
    }

    private record Reply(int code, String text) {
        boolean is(int klass) {
            return code / 100 == klass;
        }
    }

    /** One connection: line replies in, bytes out. */
    private static final class Connection implements AutoCloseable {
        private final AutoCloseable socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(AutoCloseable socket, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = new BufferedOutputStream(out);
        }

        static Connection open(String host, int port) throws IOException {
            if (host.startsWith("/")) {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(host));
                return new Connection(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
            }
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            return new Connection(s, s.getInputStream(), s.getOutputStream());
        }

        Reply command(String line) throws IOException {
            write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            flush();
            return reply();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        void flush() throws IOException {
            out.flush();
        }

        /** Reads a reply, skipping the continuation lines of a multi-line one. */
        Reply reply() throws IOException {
            String line;
            do {
                line = readLine();
                if (line == null) {
                    return new Reply(421, "connection closed by server");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            int code;
            try {
                code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
            } catch (NumberFormatException e) {
                code = 421;
            }
            return new Reply(code, line);
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) b);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        void quit() {
            try {
                command("QUIT");
            } catch (IOException e) {
                // The message's fate is already known; a failed goodbye changes nothing.
            }
        }

        @Override
        public void close() throws IOException {
            try {
                socket.close();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
