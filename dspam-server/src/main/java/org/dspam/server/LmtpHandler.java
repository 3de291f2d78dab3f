package org.dspam.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

import org.dspam.lmtp.Connection;
import org.dspam.lmtp.LmtpSession;
import org.dspam.lmtp.Reply;
import org.dspam.lmtp.SessionSettings;
import org.dspam.lmtp.Transaction;

/**
 * Ties one connection to its {@link LmtpSession}: lines and messages from the {@link LmtpDecoder}
 * go to the session, and what the session asks for (replies, reading a message, processing,
 * closing) is done here. Runs on the connection's event loop, except the result callbacks, which
 * come from the worker that processed the transaction.
 */
final class LmtpHandler extends ChannelInboundHandlerAdapter implements Connection {
    /** Fired on every connection when the daemon stops: idle ones close, busy ones finish first. */
    static final Object DRAIN = new Object();

    private final SessionSettings settings;
    private final TransactionHandler transactions;
    private final LmtpDecoder decoder;
    private final MemoryBudget budget;
    private final long maxMessageSize;
    private ChannelHandlerContext ctx;
    private LmtpSession session;
    private boolean draining;
    private boolean inRead;
    private long heldByTransaction;

    LmtpHandler(SessionSettings settings, TransactionHandler transactions, LmtpDecoder decoder, MemoryBudget budget) {
        this.settings = settings;
        this.transactions = transactions;
        this.decoder = decoder;
        this.budget = budget;
        this.maxMessageSize = settings.maxMessageSize();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        session = new LmtpSession(settings, this);
        session.greet();
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        inRead = true;
        try {
            if (msg instanceof String line) {
                session.command(line);
            } else if (msg instanceof LmtpDecoder.Received received) {
                heldByTransaction = received.reserved();
                session.message(received.data());
                if (session.state() != LmtpSession.State.PROCESSING) {
                    releaseMessage();
                }
            } else if (msg == LmtpDecoder.LINE_TOO_LONG) {
                session.lineTooLong();
            }
        } finally {
            inRead = false;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        context.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            // A client waiting for its replies is not idle.
            if (session.state() != LmtpSession.State.PROCESSING && session.state() != LmtpSession.State.CLOSED) {
                decoder.stop();
                reply(Reply.TIMEOUT);
                close();
            }
        } else if (event == DRAIN) {
            draining = true;
            closeIfIdle();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        session.closed();
        decoder.stop();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A broken connection: whatever was not answered, the client will send again.
        decoder.stop();
        context.close();
    }

    // --- Connection ---

    @Override
    public void reply(Reply reply) {
        if (inRead) {
            ctx.write(reply);
        } else {
            ctx.writeAndFlush(reply);
        }
    }

    @Override
    public void receiveMessage(long expectedSize) {
        decoder.receiveMessage(expectedSize, maxMessageSize);
    }

    @Override
    public void process(Transaction transaction) {
        decoder.pause();
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        transactions.submit(transaction, new TransactionHandler.ResultSink() {
            @Override
            public void reply(Reply reply) {
                ctx.writeAndFlush(reply);
            }

            @Override
            public void output(byte[] bytes) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }

            @Override
            public void done() {
                ctx.executor().execute(LmtpHandler.this::transactionDone);
            }
        });
    }

    private void transactionDone() {
        releaseMessage();
        session.processed();
        if (closeIfIdle()) {
            return;
        }
        ctx.channel().config().setAutoRead(true);
        inRead = true;
        try {
            decoder.resume();
        } finally {
            inRead = false;
        }
        ctx.flush();
    }

    private boolean closeIfIdle() {
        if (draining && session.idle()) {
            decoder.stop();
            reply(Reply.SHUTTING_DOWN);
            close();
            return true;
        }
        return false;
    }

    private void releaseMessage() {
        budget.release(heldByTransaction);
        heldByTransaction = 0;
    }

    @Override
    public void close() {
        decoder.stop();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void closeAfter(Duration delay) {
        decoder.stop();
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        ctx.executor().schedule(this::close, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
