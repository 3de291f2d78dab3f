package org.dspam.client;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;


/**
 * {@code dspamc} and {@code dspam --client}: hands a message to the daemon over DLMTP and prints
 * what it returns, as DSPAM's client does. The agent arguments travel to the daemon unread, in
 * {@code DSPAMPROCESSMODE}; the client only picks out the users (one {@code RCPT TO} each) and
 * whether the daemon will answer with output ({@code --classify}, {@code --stdout},
 * {@code --deliver=summary}) or with one LMTP reply per user.
 *
 * <p>Start-up time is what this class is for: it uses only the JDK and the configuration reader,
 * so a call loads a few dozen classes of its own.
 */
public final class DlmtpClient {
    /** DSPAM's exit status when the daemon cannot be reached or breaks off: the MTA tries again. */
    public static final int TEMPORARY_FAILURE = 75;
    public static final int FAILURE = 1;
    private static final int TIMEOUT_MILLIS = 300_000;

    /** Options the client understands itself, or lets an untrusted caller pass on to the daemon. */
    private static final String[] SAFE_PREFIXES = {
        "--mode=", "--class=", "--source=", "--feature=", "--deliver=", "--mail-from=", "--signature="};
    private static final String[] SAFE_FLAGS = {"--process", "--classify", "--stdout", "--debug", "--client"};

    private final ClientConfig config;
    private final ClientLog log;
    private boolean closedByExit;

    public DlmtpClient(ClientConfig config, ClientLog log) {
        this.config = config;
        this.log = log;
    }

    /**
     * For a process that exits as soon as {@link #run} returns: the connection is then left for the exit to close.
     * Closing a socket channel initialises the JDK's internet address and socket option classes (about 6 ms of a
     * call that lasts 80), and the daemon sees the same end of the connection either way: the conversation has
     * ended with QUIT and its reply.
     */
    public DlmtpClient closedByExit() {
        closedByExit = true;
        return this;
    }

    /** What the command line asks for, as far as the client needs to know. */
    record Request(List<String> users, String processMode, boolean output, boolean stdout, boolean signature) {
    }

    /** Whether dspam.conf says where the daemon is ({@code dspam --client} processes locally otherwise, as DSPAM). */
    public static boolean configured(ClientConfig config) {
        return config.get("ClientIdent") != null
                && (config.get("ClientHost") != null || config.get("ServerDomainSocketPath") != null);
    }

    /**
     * Runs the client.
     *
     * @param args the agent's command line, without {@code --config}
     * @param callerName the login name of the user running the client
     * @param trusted whether that user is trusted (root or in {@code Trust})
     * @return the exit status
     */
    public int run(List<String> args, String callerName, boolean trusted, InputStream stdin, OutputStream stdout) {
        Request request;
        try {
            request = parse(args, callerName, trusted);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            log.error("Unable to initialize agent context");
            return FAILURE;
        }
        if (request.users().isEmpty()) {
            log.error("Unable to determine the destination user");
            return FAILURE;
        }
        String ident = config.get("ClientIdent");
        if (ident == null || ident.indexOf('@') < 0) {
            log.error("Invalid ClientIdent: it must be password@ident");
            return FAILURE;
        }
        String host = config.get("ClientHost") != null ? config.get("ClientHost")
                : config.get("ServerDomainSocketPath");
        if (host == null) {
            log.error("Invalid client configuration");
            return FAILURE;
        }
        byte[] message;
        try {
            message = stdin.readAllBytes();
        } catch (IOException e) {
            log.error("Unable to read the message: " + e.getMessage());
            return TEMPORARY_FAILURE;
        }
        if (message.length == 0 && !request.signature()) {
            log.info("empty message (no data received)");
            return FAILURE;
        }
        int port;
        try {
            port = config.getInt("ClientPort", 24);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            return FAILURE;
        }
        try (Session s = Session.open(host, port, closedByExit)) {
            return converse(s, ident, request, message, stdout);
        } catch (IOException e) {
            String where = host.startsWith("/") ? "socket " + host : host + ":" + port;
            log.error("Client connection to " + where + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return TEMPORARY_FAILURE;
        }
    }

    /** Picks the users out of the agent's arguments; the rest becomes DSPAMPROCESSMODE. */
    static Request parse(List<String> args, String callerName, boolean trusted) {
        List<String> users = new ArrayList<>();
        StringBuilder mode = new StringBuilder();
        boolean inUsers = false;
        boolean inRecipients = false;
        boolean classify = false;
        boolean stdout = false;
        boolean summary = false;
        boolean signature = false;
        for (String arg : args) {
            if ((inUsers || inRecipients) && (arg.startsWith("-") || arg.isEmpty())) {
                inUsers = false;
                inRecipients = false;
                if (arg.equals("--")) {
                    continue;
                }
            }
            if (arg.equals("--user")) {
                inUsers = true;
                continue;
            }
            if (arg.equals("--rcpt-to")) {
                inRecipients = true;
                continue;
            }
            if (inRecipients) {
                continue;
            }
            if (inUsers) {
                if (arg.contains("../") || arg.contains("..\\")) {
                    throw new IllegalArgumentException("Illegal username ('../' or '..\\' not allowed in username)");
                }
                if (!trusted && !arg.equals(callerName)) {
                    throw new IllegalArgumentException("Option --user requires special privileges when user does "
                            + "not match current user, e.g.. root or Trusted User [" + callerName + "]");
                }
                users.add(arg);
                continue;
            }
            if (arg.equals("--classify")) {
                classify = true;
            } else if (arg.equals("--process")) {
                classify = false;
            } else if (arg.equals("--stdout")) {
                stdout = true;
            } else if (arg.startsWith("--deliver=")) {
                for (String item : arg.substring("--deliver=".length()).split(",")) {
                    stdout |= item.equals("stdout");
                    summary |= item.equals("summary");
                }
            } else if (arg.startsWith("--signature=")) {
                signature = true;
            }
            if (!trusted && !safe(arg)) {
                if (arg.startsWith("--profile=")) {
                    throw new IllegalArgumentException("Option --profile requires special privileges; e.g.. root "
                            + "or Trusted User [" + callerName + "]");
                }
                // An untrusted caller's arguments for the delivery agent are dropped, as the agent drops them.
                continue;
            }
            for (int i = 0; i < arg.length(); i++) {
                char c = arg.charAt(i);
                if (c == '"') {
                    mode.append('\\');
                }
                mode.append(c);
            }
            mode.append(' ');
        }
        if (!trusted && users.isEmpty()) {
            users.add(callerName);
        }
        return new Request(users, mode.toString(), classify || stdout || summary, stdout && !summary, signature);
    }

    private static boolean safe(String arg) {
        for (String p : SAFE_PREFIXES) {
            if (arg.startsWith(p)) {
                return true;
            }
        }
        for (String f : SAFE_FLAGS) {
            if (arg.equals(f)) {
                return true;
            }
        }
        return false;
    }

    private int converse(Session s, String ident, Request request, byte[] message, OutputStream stdout)
            throws IOException {
        Reply reply = s.reply();
        if (reply.code != 220) {
            return refused("greeting", reply);
        }
        reply = s.command("LHLO " + ident.substring(ident.indexOf('@') + 1));
        if (reply.code != 250) {
            return refused("LHLO", reply);
        }
        reply = s.command("MAIL FROM: <" + ident + "> DSPAMPROCESSMODE=\"" + request.processMode() + "\"");
        if (reply.code != 250) {
            s.quit();
            return refused("MAIL FROM", reply);
        }
        for (String user : request.users()) {
            reply = s.command("RCPT TO: <" + user + ">");
            if (reply.code != 250) {
                s.quit();
                return refused("RCPT TO", reply);
            }
        }
        reply = s.command("DATA");
        if (reply.code != 354) {
            s.quit();
            return refused("DATA", reply);
        }
        s.sendData(message);
        int exit = request.output() ? readOutput(s, request, stdout) : readReplies(s, request.users().size());
        s.quit();
        return exit;
    }

    /** One LMTP reply per user: DSPAM's exit status counts the failed ones down from 0. */
    private int readReplies(Session s, int users) throws IOException {
        int failed = 0;
        boolean spam = false;
        for (int i = 0; i < users; i++) {
            String line = s.line();
            if (line == null) {
                throw new IOException("connection closed before all replies were read");
            }
            if (line.startsWith("250")) {
                spam |= line.endsWith(": SPAM");
            } else {
                failed++;
                log.warning("Delivery failed: " + line);
            }
        }
        if (failed > 0) {
            return (-failed) & 0xff;
        }
        return spam && config.matches("Broken", "returnCodes") ? 99 : 0;
    }

    /** Output lines up to the lone dot, printed with newline ends; the first line of --stdout output is the result. */
    private int readOutput(Session s, Request request, OutputStream stdout) throws IOException {
        OutputStream out = new BufferedOutputStream(stdout, 65536);
        int exit = 0;
        boolean first = true;
        int temporary = 0;
        int permanent = 0;
        boolean replies = false;
        String line;
        while ((line = s.line()) != null && !line.equals(".")) {
            if (line.startsWith("..")) {
                line = line.substring(1);
            }
            if (first) {
                first = false;
                replies = isReply(line);
                if (!replies && request.stdout()) {
                    if (line.equals("X-Daemon-Classification: SPAM") && config.matches("Broken", "returnCodes")) {
                        exit = 99;
                    }
                    continue;
                }
            }
            if (replies) {
                // The daemon could not produce the output for every user: it says why, per user.
                if (line.startsWith("4")) {
                    temporary++;
                } else if (!line.startsWith("2")) {
                    permanent++;
                }
                log.warning("Processing failed: " + line);
                continue;
            }
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
        }
        out.flush();
        if (line == null) {
            throw new IOException("connection closed before the end of the output");
        }
        if (temporary > 0) {
            return TEMPORARY_FAILURE;
        }
        return permanent > 0 ? FAILURE : exit;
    }

    /** {@code 451 4.3.0 <user> ...}: a reply line with an enhanced status code, where output was expected. */
    static boolean isReply(String line) {
        return line.length() > 9 && Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2)) && line.charAt(3) == ' ' && Character.isDigit(line.charAt(4))
                && line.charAt(5) == '.';
    }

    private int refused(String step, Reply reply) {
        log.error("Got error " + reply.text + " in response to " + step);
        return reply.code >= 500 ? FAILURE : TEMPORARY_FAILURE;
    }

    private record Reply(int code, String text) {
    }

    /** The bytes of one line as they arrive; its text drops a carriage return before the newline. */
    private static final class LineBuffer extends java.io.ByteArrayOutputStream {
        String text() {
            int n = count > 0 && buf[count - 1] == '\r' ? count - 1 : count;
            return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    /** One connection, with a watchdog that ends it when the daemon stays silent too long. */
    private static final class Session implements AutoCloseable, Runnable {
        /** The JDK's socket, or null for one connected by {@link NativeUnixSocket}. */
        private final SocketChannel channel;
        private final FileDescriptor nativeSocket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[8192];
        private final LineBuffer pending = new LineBuffer();
        private int start;
        private int end;
        private volatile long deadline;
        private volatile boolean ended;
        private final Thread watchdog;
        private final boolean closedByExit;

        private Session(SocketChannel channel, FileDescriptor nativeSocket, InputStream in, OutputStream out,
                        boolean closedByExit) {
            this.channel = channel;
            this.nativeSocket = nativeSocket;
            this.closedByExit = closedByExit;
            this.in = in;
            this.out = new BufferedOutputStream(out, 65536);
            touch();
            this.watchdog = new Thread(this, "dlmtp-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        /**
         * Connects to a socket path ({@code /...}) or a host and port. A process that exits after the call
         * connects a unix socket through {@link NativeUnixSocket} when it can (the socket is left for the exit
         * to close).
         */
        static Session open(String host, int port, boolean closedByExit) throws IOException {
            if (host.startsWith("/")) {
                if (closedByExit && NativeUnixSocket.available()) {
                    FileDescriptor fd = NativeUnixSocket.connect(host);
                    return new Session(null, fd, new FileInputStream(fd), new FileOutputStream(fd), true);
                }
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(host));
                return new Session(ch, null, Channels.newInputStream(ch), Channels.newOutputStream(ch), closedByExit);
            }
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new Session(ch, null, Channels.newInputStream(ch), Channels.newOutputStream(ch), closedByExit);
        }

        private void touch() {
            deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        }

        /** The watchdog. */
        @Override
        public void run() {
            try {
                while (!ended) {
                    long wait = deadline - System.currentTimeMillis();
                    if (wait <= 0) {
                        ended = true;
                        if (channel != null) {
                            channel.close();
                        } else {
                            NativeUnixSocket.shutdown(nativeSocket);
                        }
                        return;
                    }
                    Thread.sleep(Math.min(wait, 1000));
                }
            } catch (InterruptedException | IOException e) {
                // Ending the connection is all the watchdog does; the session is over either way.
            }
        }

        Reply command(String line) throws IOException {
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write('\r');
            out.write('\n');
            out.flush();
            return reply();
        }

        /** A reply: continuation lines ({@code 250-...}) are skipped. */
        Reply reply() throws IOException {
            String line;
            do {
                line = line();
                if (line == null) {
                    throw new IOException("connection closed by the daemon");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            int code = 0;
            for (int i = 0; i < Math.min(3, line.length()) && Character.isDigit(line.charAt(i)); i++) {
                code = code * 10 + line.charAt(i) - '0';
            }
            return new Reply(code, line);
        }

        /**
         * The message: LF becomes CRLF, lines starting with a dot get another, then the final dot. Built in
         * 64 KB pieces written whole: a call's message runs through this loop before the compiler has seen it,
         * and a stream's per-byte write (with its lock) costs the interpreter several times the copy.
         */
        void sendData(byte[] message) throws IOException {
            byte[] wire = new byte[65536];
            int n = 0;
            boolean lineStart = true;
            byte previous = 0;
            for (byte b : message) {
                if (n + 3 > wire.length) {
                    out.write(wire, 0, n);
                    n = 0;
                }
                if (lineStart && b == '.') {
                    wire[n++] = '.';
                }
                if (b == '\n' && previous != '\r') {
                    wire[n++] = '\r';
                }
                wire[n++] = b;
                lineStart = b == '\n';
                previous = b;
            }
            if (n + 5 > wire.length) {
                out.write(wire, 0, n);
                n = 0;
            }
            if (message.length > 0 && !lineStart) {
                wire[n++] = '\r';
                wire[n++] = '\n';
            }
            wire[n++] = '.';
            wire[n++] = '\r';
            wire[n++] = '\n';
            out.write(wire, 0, n);
            out.flush();
        }

        /** A line without its CRLF or LF, or null at the end of the stream. */
        String line() throws IOException {
            pending.reset();
            while (true) {
                if (start == end) {
                    start = 0;
                    end = Math.max(0, in.read(buffer, 0, buffer.length));
                    touch();
                    if (end == 0) {
                        return pending.size() == 0 ? null : pending.text();
                    }
                }
                int i = start;
                while (i < end && buffer[i] != '\n') {
                    i++;
                }
                pending.write(buffer, start, i - start);
                if (i < end) {
                    start = i + 1;
                    return pending.text();
                }
                start = end;
            }
        }

        void quit() {
            try {
                command("QUIT");
            } catch (IOException e) {
                // The outcome is already known; a failed goodbye changes nothing.
            }
        }

        @Override
        public void close() throws IOException {
            ended = true;
            if (!closedByExit) {
                channel.close();
                watchdog.interrupt();
            }
        }
    }
}
