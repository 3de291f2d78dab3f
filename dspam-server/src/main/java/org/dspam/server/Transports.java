package org.dspam.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Netty's transport for this platform: the native epoll one on Linux (the only one with unix
 * domain sockets), else NIO, TCP only. An address starting with {@code /} is a unix socket path.
 */
public final class Transports {
    private static final boolean EPOLL = Epoll.isAvailable();

    private Transports() {
    }

    public static boolean unixSocketsAvailable() {
        return EPOLL;
    }

    public static EventLoopGroup group(int threads, String name) {
        ThreadFactory factory = new DefaultThreadFactory(name, true);
        return EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    public static Class<? extends ServerChannel> serverChannel(boolean unix) {
        if (unix) {
            requireUnix();
            return EpollServerDomainSocketChannel.class;
        }
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends Channel> channel(boolean unix) {
        if (unix) {
            requireUnix();
            return EpollDomainSocketChannel.class;
        }
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** A unix socket path (starting with {@code /}) or a host and port. */
    public static SocketAddress address(String host, int port) {
        return host.startsWith("/") ? new DomainSocketAddress(host) : new InetSocketAddress(host, port);
    }

    public static boolean isUnix(SocketAddress address) {
        return address instanceof DomainSocketAddress;
    }

    private static void requireUnix() {
        if (!EPOLL) {
            throw new IllegalStateException("unix domain sockets need Netty's native epoll transport, which is "
                    + "not available here: " + Epoll.unavailabilityCause());
        }
    }
}
