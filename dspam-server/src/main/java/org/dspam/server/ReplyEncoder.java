package org.dspam.server;

import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import org.dspam.lmtp.Reply;

/** Writes {@link Reply} objects as their wire text. */
@Sharable
final class ReplyEncoder extends MessageToMessageEncoder<Reply> {
    static final ReplyEncoder INSTANCE = new ReplyEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, List<Object> out) {
        out.add(Unpooled.wrappedBuffer(reply.bytes()));
    }
}
