package org.dspam.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import org.dspam.lmtp.MessageData;

/**
 * Frames what an LMTP client sends: command lines (as {@link String}s without the line end, NUL
 * bytes dropped as DSPAM drops them) and, after {@code DATA}, the message up to the lone dot (as a
 * {@link Received} message: dot-stuffing undone, each line ended by a newline, as DSPAM reads it).
 *
 * <p>The session switches it to message mode with {@link #receiveMessage} while handling the
 * {@code DATA} line, before the next byte is decoded, so pipelined input is framed right. While a
 * transaction is processed it is {@link #pause() paused}: the input waits in its buffer and is
 * decoded when the replies are out ({@link #resume}), which keeps every reply in order.
 */
final class LmtpDecoder extends ByteToMessageDecoder {
    /** A command line longer than the limit (it was skipped). */
    static final Object LINE_TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "LINE_TOO_LONG";
        }
    };

    /** A message, and the bytes of the memory budget it holds until it is released. */
    record Received(MessageData data, long reserved) {
    }

    private enum Mode { COMMAND, SKIP_LINE, MESSAGE, STOPPED }

    /** Lines without a newline longer than this are copied into the message as they come. */
    private static final int MESSAGE_CHUNK = 64 * 1024;

    private final int maxLineLength;
    private final MemoryBudget budget;
    private Mode mode = Mode.COMMAND;
    private boolean paused;
    private ChannelHandlerContext context;

    private long maxMessageSize;
    private byte[] body;
    private int length;
    private long reserved;
    private long received;
    private MessageData.Status status;
    /** Inside a line whose start was already copied. */
    private boolean midLine;

    LmtpDecoder(int maxLineLength, MemoryBudget budget) {
        this.maxLineLength = maxLineLength;
        this.budget = budget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    /** Reads the next bytes as a message, of at most {@code maxSize} bytes; {@code expected} sizes the buffer. */
    void receiveMessage(long expected, long maxSize) {
        mode = Mode.MESSAGE;
        maxMessageSize = maxSize;
        status = MessageData.Status.COMPLETE;
        received = 0;
        length = 0;
        midLine = false;
        body = null;
        int initial = (int) Math.min(Math.max(expected + 1024, 16 * 1024), Math.min(maxSize + 1, 4L << 20));
        grow(initial);
    }

    /** Stops decoding until {@link #resume}: the rest of the input stays buffered. */
    void pause() {
        paused = true;
    }

    /** Decodes what was buffered while paused. Call on the event loop. */
    void resume() {
        paused = false;
        if (context != null && !context.isRemoved()) {
            // An empty read makes the decoder go through what it has buffered.
            try {
                channelRead(context, Unpooled.EMPTY_BUFFER);
            } catch (Exception e) {
                context.fireExceptionCaught(e);
            }
        }
    }

    /** Decodes nothing more, ever. */
    void stop() {
        mode = Mode.STOPPED;
        releaseBody();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!paused && in.isReadable()) {
            switch (mode) {
                case STOPPED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case COMMAND -> {
                    if (!command(in, out)) {
                        return;
                    }
                    // One command at a time: handling it may switch the mode or pause.
                    return;
                }
                case SKIP_LINE -> {
                    int lf = in.forEachByte(ByteProcessor.FIND_LF);
                    if (lf < 0) {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                    in.readerIndex(lf + 1);
                    mode = Mode.COMMAND;
                    out.add(LINE_TOO_LONG);
                    return;
                }
                case MESSAGE -> {
                    if (!messageLine(in, out)) {
                        return;
                    }
                    if (mode != Mode.MESSAGE) {
                        return;
                    }
                }
            }
        }
    }

    private boolean command(ByteBuf in, List<Object> out) {
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength) {
                in.skipBytes(in.readableBytes());
                mode = Mode.SKIP_LINE;
            }
            return false;
        }
        int start = in.readerIndex();
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        in.readerIndex(lf + 1);
        if (end - start > maxLineLength) {
            out.add(LINE_TOO_LONG);
            return true;
        }
        String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        out.add(line.indexOf('\0') < 0 ? line : line.replace("\0", ""));
        return true;
    }

    /** Takes one line of the message (or a piece of a very long one); false when more input is needed. */
    private boolean messageLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            int readable = in.readableBytes();
            if (readable < MESSAGE_CHUNK) {
                return false;
            }
            // A very long line: it cannot be the final dot, so its start goes in now. A carriage
            // return at the end stays behind, in case a newline follows.
            int take = in.getByte(start + readable - 1) == '\r' ? readable - 1 : readable;
            boolean stuffed = !midLine && in.getByte(start) == '.';
            append(in, start + (stuffed ? 1 : 0), take - (stuffed ? 1 : 0));
            received += take;
            in.skipBytes(take);
            midLine = true;
            return true;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        int lineLength = end - start;
        in.readerIndex(lf + 1);
        received += lf + 1 - start;
        if (!midLine && lineLength == 1 && in.getByte(start) == '.') {
            finishMessage(out);
            return true;
        }
        boolean stuffed = !midLine && lineLength > 0 && in.getByte(start) == '.';
        append(in, start + (stuffed ? 1 : 0), lineLength - (stuffed ? 1 : 0));
        appendNewline();
        midLine = false;
        return true;
    }

    private void append(ByteBuf in, int index, int count) {
        if (status != MessageData.Status.COMPLETE || count <= 0) {
            return;
        }
        if (length + (long) count > maxMessageSize) {
            status = MessageData.Status.TOO_BIG;
            releaseBody();
            return;
        }
        if (length + count > body.length && !grow(length + count)) {
            return;
        }
        in.getBytes(index, body, length, count);
        length += count;
    }

    private void appendNewline() {
        if (status != MessageData.Status.COMPLETE) {
            return;
        }
        if (length + 1L > maxMessageSize) {
            status = MessageData.Status.TOO_BIG;
            releaseBody();
            return;
        }
        if (length + 1 > body.length && !grow(length + 1)) {
            return;
        }
        body[length++] = '\n';
    }

    /** Makes room for at least {@code needed} bytes within the memory budget; false (and NO_MEMORY) when there is none. */
    private boolean grow(int needed) {
        int current = body == null ? 0 : body.length;
        long target = Math.max(needed, Math.min((long) current * 2, maxMessageSize + 1));
        target = Math.min(target, Integer.MAX_VALUE - 16);
        long more = target - current;
        if (!budget.reserve(more)) {
            status = MessageData.Status.NO_MEMORY;
            releaseBody();
            return false;
        }
        reserved += more;
        body = body == null ? new byte[(int) target] : Arrays.copyOf(body, (int) target);
        return true;
    }

    private void finishMessage(List<Object> out) {
        mode = Mode.COMMAND;
        if (status == MessageData.Status.COMPLETE) {
            byte[] content = length == body.length ? body : Arrays.copyOf(body, length);
            out.add(new Received(new MessageData(content, length, status), reserved));
        } else {
            out.add(new Received(new MessageData(null, received, status), 0));
        }
        body = null;
        reserved = 0;
    }

    private void releaseBody() {
        body = null;
        length = 0;
        budget.release(reserved);
        reserved = 0;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseBody();
    }
}
