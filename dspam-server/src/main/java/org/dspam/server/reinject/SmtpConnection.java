package org.dspam.server.reinject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * One connection to the reinjection server. Replies are matched to the commands in the order
 * they were sent: whoever sends a command first registers the future for its reply, so commands
 * can be pipelined. A reply nobody waits for (a {@code 421} on an idle connection) or the end of
 * the connection makes it unusable.
 */
final class SmtpConnection extends SimpleChannelInboundHandler<ByteBuf> {
    /** A complete reply: its code and its lines without the code. */
    record SmtpReply(int code, List<String> lines) {
        boolean positive() {
            return code >= 200 && code < 300;
        }

        /** The last line, as it was received (DSPAM's status texts quote it). */
        String text() {
            return code + " " + lines.get(lines.size() - 1);
        }
    }

    private final Queue<CompletableFuture<SmtpReply>> waiting = new ConcurrentLinkedQueue<>();
    private final List<String> pendingLines = new ArrayList<>();
    private volatile boolean broken;
    private volatile Channel channel;
    private Set<String> extensions = Set.of();
    private Set<String> xforwardNames = Set.of();

    /** Registers for the next reply; call before sending the command it answers. */
    CompletableFuture<SmtpReply> expect() {
        CompletableFuture<SmtpReply> f = new CompletableFuture<>();
        waiting.add(f);
        if (broken) {
            failAll(new IOException("connection closed"));
        }
        return f;
    }

    Channel channel() {
        return channel;
    }

    boolean usable() {
        return !broken && channel != null && channel.isActive();
    }

    void extensions(SmtpReply ehlo) {
        Set<String> names = new HashSet<>();
        Set<String> forward = new HashSet<>();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String[] words = ehlo.lines().get(i).trim().toUpperCase(Locale.ROOT).split(" +");
            names.add(words[0]);
            if (words[0].equals("XFORWARD")) {
                for (int w = 1; w < words.length; w++) {
                    forward.add(words[w]);
                }
            }
        }
        this.extensions = names;
        this.xforwardNames = forward;
    }

    boolean supports(String extension) {
        return extensions.contains(extension);
    }

    Set<String> xforwardNames() {
        return xforwardNames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        int code = code(text);
        if (code < 0) {
            broken = true;
            failAll(new IOException("malformed reply: " + text));
            ctx.close();
            return;
        }
        boolean last = text.length() == 3 || text.charAt(3) != '-';
        pendingLines.add(text.length() > 4 ? text.substring(4) : "");
        if (!last) {
            return;
        }
        SmtpReply reply = new SmtpReply(code, List.copyOf(pendingLines));
        pendingLines.clear();
        CompletableFuture<SmtpReply> f = waiting.poll();
        if (f == null) {
            // Unasked: the server is going away (421) or out of step. Either way, not reusable.
            broken = true;
            ctx.close();
            return;
        }
        if (code == 421) {
            broken = true;
        }
        f.complete(reply);
    }

    private static int code(String line) {
        if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
            return -1;
        }
        int c = 0;
        for (int i = 0; i < 3; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            c = c * 10 + ch - '0';
        }
        return c;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broken = true;
        failAll(new IOException("connection closed by the server"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        broken = true;
        failAll(cause instanceof IOException io ? io : new IOException(cause));
        ctx.close();
    }

    private void failAll(IOException e) {
        CompletableFuture<SmtpReply> f;
        while ((f = waiting.poll()) != null) {
            f.completeExceptionally(e);
        }
    }

    void close() {
        broken = true;
        if (channel != null) {
            channel.close();
        }
    }
}
