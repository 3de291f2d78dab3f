package org.dspam.server.reinject;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.dspam.delivery.DeliveryProtocol;
import org.dspam.delivery.DeliveryResult;
import org.dspam.delivery.MailTransport;
import org.dspam.server.Transports;
import org.dspam.server.reinject.SmtpConnection.SmtpReply;

/**
 * The daemon's reinjection client: hands processed mail to {@code DeliveryHost[.domain]} on
 * {@code DeliveryPort[.domain]} (or a unix socket path) over SMTP or LMTP
 * ({@code DeliveryProto}), greeting with {@code DeliveryIdent}. Connections are kept and reused
 * (up to {@code DeliveryConnectionCache} idle ones per destination); commands are pipelined when
 * the server offers PIPELINING, the message goes out dot-stuffed with CRLF line ends in one write,
 * and the original client is passed on with XFORWARD when the server offers it.
 *
 * <p>{@link #send} blocks the calling worker (never an event loop) until every reply is in or the
 * {@code DeliveryTimeout} expires. Results carry DSPAM's status texts: {@code Deferred: <reply>}
 * for 4xx replies, timeouts and broken connections (the sender should retry), {@code Fatal:
 * <reply>} for 5xx.
 */
public final class ReinjectionClient implements MailTransport, AutoCloseable {
    private static final int MAX_REPLY_LINE = 8192;
    private static final int MAX_XFORWARD_LINE = 500;
    private static final Duration IDLE_CLOSE = Duration.ofSeconds(30);

    private final DspamConfig config;
    private final DeliveryProtocol protocol;
    private final EventLoopGroup group;
    private final AgentLog log;
    private final Duration timeout;
    private final int idlePerDestination;
    private final String ident;
    private final Map<SocketAddress, Deque<SmtpConnection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ReinjectionClient(DspamConfig config, DeliveryProtocol protocol, EventLoopGroup group, AgentLog log,
                             Duration timeout, int idlePerDestination) {
        this.config = config;
        this.protocol = protocol;
        this.group = group;
        this.log = log;
        this.timeout = timeout;
        this.idlePerDestination = idlePerDestination;
        this.ident = config.get("DeliveryIdent").orElse("localhost");
    }

    /** The same client, passing {@code attributes} (Postfix's XFORWARD names) on to servers that take them. */
    public MailTransport forwarding(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return this;
        }
        return new MailTransport() {
            @Override
            public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message) {
                return send(mailFrom, recipients, message, () -> { });
            }

            @Override
            public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message,
                                             Runnable meanwhile) {
                return ReinjectionClient.this.send(mailFrom, recipients, message, attributes, new Meanwhile(meanwhile));
            }
        };
    }

    @Override
    public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message) {
        return send(mailFrom, recipients, message, () -> { });
    }

    /** Runs {@code meanwhile} once the transaction's first commands are written (see {@link MailTransport}). */
    @Override
    public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message, Runnable meanwhile) {
        return send(mailFrom, recipients, message, Map.of(), new Meanwhile(meanwhile));
    }

    /** The caller's work to run while the server reads the transaction, once, and at the latest at the end. */
    private final class Meanwhile {
        private Runnable work;

        Meanwhile(Runnable work) {
            this.work = work;
        }

        void run() {
            Runnable w = work;
            work = null;
            if (w != null) {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    log.error("Failed while the message was being reinjected: " + e);
                }
            }
        }
    }

    private List<DeliveryResult> send(String mailFrom, List<String> recipients, String message,
                                      Map<String, String> forward, Meanwhile meanwhile) {
        try {
            return sendOnce(mailFrom, recipients, message, forward, meanwhile);
        } finally {
            meanwhile.run();
        }
    }

    private List<DeliveryResult> sendOnce(String mailFrom, List<String> recipients, String message,
                                          Map<String, String> forward, Meanwhile meanwhile) {
        SocketAddress destination;
        try {
            destination = destination(recipients.isEmpty() ? "" : recipients.get(0));
        } catch (IllegalArgumentException e) {
            log.error("Invalid client configuration: " + e.getMessage());
            return all(recipients, DeliveryResult.temporary("Invalid client configuration"));
        }
        if (destination == null) {
            log.error("Invalid client configuration: no DeliveryHost");
            return all(recipients, DeliveryResult.temporary("Invalid client configuration"));
        }
        for (int attempt = 0; ; attempt++) {
            SmtpConnection c = null;
            boolean reused = false;
            try {
                if (attempt == 0) {
                    c = pooled(destination);
                    reused = c != null;
                }
                if (c == null) {
                    c = connect(destination);
                }
                Outcome outcome = transact(c, mailFrom, recipients, message, forward, reused, meanwhile);
                if (outcome.reusable && !closed) {
                    release(destination, c);
                } else {
                    quit(c);
                }
                return outcome.results;
            } catch (StaleConnection e) {
                // The server had closed the kept connection; nothing was sent: try a fresh one.
                c.close();
            } catch (IOException | TimeoutException e) {
                if (c != null) {
                    c.close();
                }
                String text = e instanceof TimeoutException ? "timed out after " + timeout.toSeconds() + " s"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.error("Delivery to " + describe(destination) + " failed: " + text);
                return all(recipients, DeliveryResult.temporary("Deferred: delivery to " + describe(destination)
                        + " failed: " + text));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (c != null) {
                    c.close();
                }
                return all(recipients, DeliveryResult.temporary("Deferred: interrupted"));
            }
        }
    }

    /** {@code DeliveryHost.<domain>} and {@code DeliveryPort.<domain>} of the recipient's (lowercased) domain, else the plain ones. */
    SocketAddress destination(String recipient) {
        String host = config.get("DeliveryHost").orElse(null);
        int port = config.getInt("DeliveryPort", 24);
        int at = recipient.indexOf('@');
        if (at >= 0) {
            String domain = recipient.substring(at + 1).toLowerCase(Locale.ROOT);
            host = config.get("DeliveryHost." + domain).orElse(host);
            port = config.getInt("DeliveryPort." + domain, port);
        }
        return host == null ? null : Transports.address(host, port);
    }

    private record Outcome(List<DeliveryResult> results, boolean reusable) {
    }

    private static final class StaleConnection extends Exception {
        StaleConnection() {
            super(null, null, false, false);
        }
    }

    private Outcome transact(SmtpConnection c, String mailFrom, List<String> recipients, String message,
                             Map<String, String> forward, boolean reused, Meanwhile meanwhile)
            throws IOException, TimeoutException, InterruptedException, StaleConnection {
        List<String> commands = new ArrayList<>();
        int forwardLines = 0;
        if (!forward.isEmpty() && !c.xforwardNames().isEmpty()) {
            for (String line : xforwardLines(forward, c)) {
                commands.add(line);
                forwardLines++;
            }
        }
        ByteBuf data = encode(c.channel(), message);
        boolean eightBit = hasEightBit(message);
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(mailFrom).append('>');
        if (c.supports("SIZE")) {
            mail.append(" SIZE=").append(data.readableBytes() - 3);
        }
        if (eightBit && c.supports("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        commands.add(mail.toString());
        for (String r : recipients) {
            commands.add("RCPT TO:<" + r + ">");
        }
        commands.add("DATA");

        List<CompletableFuture<SmtpReply>> replies = new ArrayList<>(commands.size());
        boolean pipelining = c.supports("PIPELINING");
        // Pipelined, the message goes out from the event loop as soon as DATA is answered with 354 (see sendOn354).
        CompletableFuture<List<CompletableFuture<SmtpReply>>> sent = null;
        try {
            if (pipelining) {
                StringBuilder all = new StringBuilder();
                for (String command : commands) {
                    replies.add(c.expect());
                    all.append(command).append("\r\n");
                }
                sent = sendOn354(c, replies, forwardLines, recipients.size(), data);
                data = null;
                c.channel().writeAndFlush(ascii(c.channel(), all));
                meanwhile.run();
            }
            int index = 0;
            List<DeliveryResult> results = new ArrayList<>(recipients.size());
            List<Integer> accepted = new ArrayList<>();
            SmtpReply mailReply = null;
            for (String command : commands) {
                if (!pipelining) {
                    replies.add(c.expect());
                    c.channel().writeAndFlush(ascii(c.channel(), new StringBuilder(command).append("\r\n")));
                    meanwhile.run();
                }
                SmtpReply reply;
                try {
                    reply = await(replies.get(index));
                } catch (IOException e) {
                    if (reused && index == 0) {
                        throw new StaleConnection();
                    }
                    throw e;
                }
                if (reused && index == 0 && reply.code() == 421) {
                    throw new StaleConnection();
                }
                if (index < forwardLines) {
                    if (!reply.positive()) {
                        log.warning("XFORWARD refused: " + reply.text());
                    }
                } else if (index == forwardLines) {
                    mailReply = reply;
                    if (!reply.positive() && !pipelining) {
                        return new Outcome(all(recipients, failure("MAIL FROM", reply)), false);
                    }
                } else if (index <= forwardLines + recipients.size()) {
                    if (mailReply.positive() && reply.positive()) {
                        results.add(DeliveryResult.OK);
                        accepted.add(results.size() - 1);
                    } else {
                        results.add(mailReply.positive() ? failure("RCPT TO", reply) : failure("MAIL FROM", mailReply));
                    }
                } else {
                    // DATA
                    if (accepted.isEmpty()) {
                        return new Outcome(results, false);
                    }
                    if (reply.code() != 354) {
                        DeliveryResult f = failure("DATA", reply);
                        accepted.forEach(i -> results.set(i, f));
                        return new Outcome(results, false);
                    }
                }
                index++;
                if (!pipelining && index == forwardLines + recipients.size() + 1 && accepted.isEmpty()) {
                    // Nobody accepted: no DATA.
                    return new Outcome(results, false);
                }
            }
            int finals = protocol == DeliveryProtocol.LMTP ? accepted.size() : 1;
            List<CompletableFuture<SmtpReply>> ends;
            if (sent != null) {
                ends = awaitSent(sent);
            } else {
                ends = new ArrayList<>(finals);
                for (int i = 0; i < finals; i++) {
                    ends.add(c.expect());
                }
                c.channel().writeAndFlush(data);
                data = null;
            }
            boolean ok = true;
            if (protocol == DeliveryProtocol.LMTP) {
                for (int i = 0; i < finals; i++) {
                    SmtpReply r = await(ends.get(i));
                    ok &= r.positive();
                    results.set(accepted.get(i), r.positive() ? DeliveryResult.OK : failure("message data", r));
                }
            } else {
                SmtpReply r = await(ends.get(0));
                ok = r.positive();
                DeliveryResult result = r.positive() ? DeliveryResult.OK : failure("message data", r);
                accepted.forEach(i -> results.set(i, result));
            }
            return new Outcome(results, ok || protocol == DeliveryProtocol.LMTP);
        } finally {
            if (data != null) {
                data.release();
            }
        }
    }

    /**
     * Arranges for the message ({@code data}, which this takes over) to be written by whoever completes the DATA
     * reply, the event loop as a rule, right when it is a 354 and the server accepted MAIL FROM and a recipient:
     * the conditions under which {@link #transact} sends it. The worker does not have to wake up and hand the
     * message back to the event loop in between. The future gives the registrations for the final replies, or
     * null when the message was not sent (then it is released).
     */
    private CompletableFuture<List<CompletableFuture<SmtpReply>>> sendOn354(SmtpConnection c,
            List<CompletableFuture<SmtpReply>> replies, int forwardLines, int recipients, ByteBuf data) {
        CompletableFuture<List<CompletableFuture<SmtpReply>>> sent = new CompletableFuture<>();
        int mail = forwardLines;
        int dataIndex = forwardLines + recipients + 1;
        replies.get(dataIndex).whenComplete((reply, error) -> {
            boolean written = false;
            try {
                // The replies complete in order, so MAIL's and the recipients' are in by now.
                int accepted = 0;
                SmtpReply mailReply = replies.get(mail).getNow(null);
                if (error == null && mailReply != null && mailReply.positive()) {
                    for (int i = mail + 1; i < dataIndex; i++) {
                        SmtpReply r = replies.get(i).getNow(null);
                        if (r != null && r.positive()) {
                            accepted++;
                        }
                    }
                }
                if (error != null || accepted == 0 || reply.code() != 354) {
                    sent.complete(null);
                    return;
                }
                int finals = protocol == DeliveryProtocol.LMTP ? accepted : 1;
                List<CompletableFuture<SmtpReply>> ends = new ArrayList<>(finals);
                for (int i = 0; i < finals; i++) {
                    ends.add(c.expect());
                }
                written = true;
                c.channel().writeAndFlush(data);
                sent.complete(ends);
            } catch (RuntimeException e) {
                // The worker then reports a temporary failure: the sender keeps the message and retries.
                sent.completeExceptionally(e);
            } finally {
                if (!written) {
                    data.release();
                }
            }
        });
        return sent;
    }

    private List<CompletableFuture<SmtpReply>> awaitSent(CompletableFuture<List<CompletableFuture<SmtpReply>>> sent)
            throws IOException, TimeoutException, InterruptedException {
        try {
            List<CompletableFuture<SmtpReply>> ends = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (ends == null) {
                throw new IOException("the message was not sent");
            }
            return ends;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private SmtpReply await(CompletableFuture<SmtpReply> f)
            throws IOException, TimeoutException, InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private DeliveryResult failure(String step, SmtpReply reply) {
        log.error("Got error " + reply.code() + " in response to " + step + ": " + reply.text());
        return reply.code() >= 500 ? DeliveryResult.permanent("Fatal: " + reply.text())
                : DeliveryResult.temporary("Deferred: " + reply.text());
    }

    /** XFORWARD lines with the attributes the server named, each line kept short. */
    private static List<String> xforwardLines(Map<String, String> forward, SmtpConnection c) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("XFORWARD");
        for (Map.Entry<String, String> e : forward.entrySet()) {
            if (!c.xforwardNames().contains(e.getKey())) {
                continue;
            }
            String item = " " + e.getKey() + "=" + e.getValue();
            if (line.length() + item.length() > MAX_XFORWARD_LINE && line.length() > "XFORWARD".length()) {
                lines.add(line.toString());
                line = new StringBuilder("XFORWARD");
            }
            line.append(item);
        }
        if (line.length() > "XFORWARD".length()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private SmtpConnection pooled(SocketAddress destination) {
        Deque<SmtpConnection> q = idle.get(destination);
        if (q == null) {
            return null;
        }
        SmtpConnection c;
        while ((c = q.pollFirst()) != null) {
            if (c.usable()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(SocketAddress destination, SmtpConnection c) {
        Deque<SmtpConnection> q = idle.computeIfAbsent(destination, d -> new ConcurrentLinkedDeque<>());
        if (q.size() >= idlePerDestination || !c.usable()) {
            quit(c);
            return;
        }
        q.addFirst(c);
        if (closed) {
            closeIdle();
        }
    }

    private SmtpConnection connect(SocketAddress destination)
            throws IOException, TimeoutException, InterruptedException {
        SmtpConnection handler = new SmtpConnection();
        boolean unix = Transports.isUnix(destination);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.channel(unix))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 60_000))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_CLOSE.toSeconds(), TimeUnit.SECONDS) {
                                    @Override
                                    protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                                               IdleStateEvent evt) {
                                        ctx.close();
                                    }
                                })
                                .addLast("lines", new LineBasedFrameDecoder(MAX_REPLY_LINE, true, false))
                                .addLast("replies", handler);
                    }
                });
        if (!unix) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        CompletableFuture<SmtpReply> greeting = handler.expect();
        ChannelFuture f = b.connect(destination);
        if (!f.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            f.channel().close();
            throw new TimeoutException();
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw cause instanceof IOException io ? io
                    : new IOException(cause == null ? "connection failed" : cause.getMessage(), cause);
        }
        try {
            SmtpReply reply = await(greeting);
            if (!reply.positive()) {
                throw new IOException("greeting: " + reply.text());
            }
            String hello = protocol == DeliveryProtocol.LMTP ? "LHLO " : "EHLO ";
            reply = command(handler, hello + ident);
            if (!reply.positive() && protocol == DeliveryProtocol.SMTP) {
                reply = command(handler, "HELO " + ident);
            }
            if (!reply.positive()) {
                throw new IOException(hello.trim() + ": " + reply.text());
            }
            handler.extensions(reply);
            return handler;
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            handler.close();
            throw e;
        }
    }

    private SmtpReply command(SmtpConnection c, String line)
            throws IOException, TimeoutException, InterruptedException {
        CompletableFuture<SmtpReply> f = c.expect();
        c.channel().writeAndFlush(ascii(c.channel(), new StringBuilder(line).append("\r\n")));
        return await(f);
    }

    private static void quit(SmtpConnection c) {
        if (c.usable()) {
            c.expect();
            c.channel().writeAndFlush(ascii(c.channel(), new StringBuilder("QUIT\r\n")))
                    .addListener(f -> c.close());
        } else {
            c.close();
        }
    }

    private static ByteBuf ascii(Channel ch, CharSequence text) {
        ByteBuf b = ch.alloc().buffer(text.length());
        b.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        return b;
    }

    /** The message with CRLF line ends, dot-stuffed, a last line ended, and the final dot. */
    static ByteBuf encode(Channel ch, String message) {
        int n = message.length();
        ByteBuf out = ch.alloc().buffer(n + n / 40 + 8);
        int pos = 0;
        while (pos < n) {
            int nl = message.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            int lineEnd = end > pos && message.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd > pos && message.charAt(pos) == '.') {
                out.writeByte('.');
            }
            for (int i = pos; i < lineEnd; i++) {
                out.writeByte(message.charAt(i));
            }
            out.writeByte('\r').writeByte('\n');
            pos = nl < 0 ? n : nl + 1;
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
        return out;
    }

    private static boolean hasEightBit(String message) {
        for (int i = 0; i < message.length(); i++) {
            if (message.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    private static String describe(SocketAddress a) {
        return a.toString().replaceFirst("^/", "");
    }

    private static List<DeliveryResult> all(List<String> recipients, DeliveryResult r) {
        List<DeliveryResult> out = new ArrayList<>();
        for (int i = 0; i < Math.max(1, recipients.size()); i++) {
            out.add(r);
        }
        return out;
    }

    private void closeIdle() {
        idle.values().forEach(q -> {
            SmtpConnection c;
            while ((c = q.pollFirst()) != null) {
                quit(c);
            }
        });
    }

    /** Says goodbye on the kept connections; later sends still work but keep nothing. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
