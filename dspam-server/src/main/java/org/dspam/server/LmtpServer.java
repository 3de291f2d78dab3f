package org.dspam.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.dspam.agent.log.AgentLog;
import org.dspam.lmtp.Reply;

/**
 * The listeners and connections: Netty event loops for all socket I/O, and a pool of worker
 * threads for processing (storage and delivery block; event loops never do). Each connection gets
 * a pipeline of idle timeout, {@link LmtpDecoder}, {@link ReplyEncoder} and {@link LmtpHandler},
 * bound to the {@link ServerRuntime} current when it was accepted.
 */
final class LmtpServer {
    private final AgentLog log;
    private final EventLoopGroup boss = Transports.group(1, "dspam-accept");
    private final EventLoopGroup io;
    private final WorkerPool workers;
    private final MemoryBudget budget;
    private final ChannelGroup connections = new DefaultChannelGroup("dspam-connections",
            GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicReference<ServerRuntime> current = new AtomicReference<>();
    private final Map<SocketAddress, Channel> listeners = new LinkedHashMap<>();

    LmtpServer(AgentLog log, ServerLimits limits) {
        this.log = log;
        this.io = Transports.group(Math.max(2, Runtime.getRuntime().availableProcessors()), "dspam-io");
        this.workers = new WorkerPool(limits.threads(), new DefaultThreadFactory("dspam-worker", true));
        this.budget = new MemoryBudget(limits.memoryLimit());
    }

    /** The runtime new connections get (null once stopped). */
    ServerRuntime current() {
        return current.get();
    }

    EventLoopGroup io() {
        return io;
    }

    WorkerPool workers() {
        return workers;
    }

    /** Listens where the runtime says. Throws when an address cannot be bound. */
    synchronized void start(ServerRuntime runtime) throws IOException, InterruptedException {
        current.set(runtime);
        for (SocketAddress a : runtime.listenAddresses()) {
            bind(a, runtime);
        }
    }

    /**
     * Puts a new runtime in place without refusing a connection: new addresses are bound before
     * old ones are closed, and an address in both keeps its listener.
     */
    synchronized void reload(ServerRuntime next) throws IOException, InterruptedException {
        List<SocketAddress> wanted = next.listenAddresses();
        for (SocketAddress a : wanted) {
            if (!listeners.containsKey(a)) {
                bind(a, next);
            }
        }
        ServerRuntime previous = current.getAndSet(next);
        for (SocketAddress a : new ArrayList<>(listeners.keySet())) {
            if (!wanted.contains(a)) {
                unbind(a);
            }
        }
        ServerLimits limits = next.limits();
        workers.threads(limits.threads());
        budget.limit(limits.memoryLimit());
        previous.release();
    }

    /** The addresses listened on (with the real port when 0 was asked for). */
    synchronized List<SocketAddress> boundAddresses() {
        List<SocketAddress> out = new ArrayList<>();
        listeners.values().forEach(ch -> out.add(ch.localAddress()));
        return out;
    }

    int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, lets every transaction in flight finish (idle connections are closed at
     * once, busy ones after their replies), waits at most {@code drain}, then closes the rest.
     */
    void stop(Duration drain) throws InterruptedException {
        synchronized (this) {
            for (SocketAddress a : new ArrayList<>(listeners.keySet())) {
                unbind(a);
            }
        }
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(LmtpHandler.DRAIN));
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!connections.isEmpty()) {
            log.warning(connections.size() + " connections still busy after " + drain.toSeconds() + " s; closing them");
            connections.close().await(5, TimeUnit.SECONDS);
        }
        workers.shutdown();
        if (!workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
            workers.shutdownNow();
        }
        ServerRuntime runtime = current.getAndSet(null);
        if (runtime != null) {
            runtime.release();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private void bind(SocketAddress address, ServerRuntime runtime) throws IOException, InterruptedException {
        boolean unix = Transports.isUnix(address);
        if (unix) {
            clearStaleSocket(Path.of(((DomainSocketAddress) address).path()));
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(Transports.serverChannel(unix))
                .option(ChannelOption.SO_BACKLOG, runtime.config().getInt("ServerQueueSize", 32))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        if (!unix) {
            b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture f = b.bind(address).await();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw new IOException("Unable to listen on " + describe(address) + ": "
                    + (cause == null ? "unknown error" : cause.getMessage()), cause);
        }
        if (unix) {
            // DSPAM creates its socket with mode 0777, so that the MTA's user can connect.
            Files.setPosixFilePermissions(Path.of(((DomainSocketAddress) address).path()),
                    PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        listeners.put(address, f.channel());
        log.info("Listening on " + describe(address));
    }

    private void unbind(SocketAddress address) throws InterruptedException {
        Channel ch = listeners.remove(address);
        if (ch != null) {
            ch.close().await(5, TimeUnit.SECONDS);
        }
        if (Transports.isUnix(address)) {
            try {
                Files.deleteIfExists(Path.of(((DomainSocketAddress) address).path()));
            } catch (IOException e) {
                log.warning("Unable to remove " + describe(address) + ": " + e.getMessage());
            }
        }
    }

    /** Removes a socket file left by a daemon that died, but never the socket of one that is running. */
    private static void clearStaleSocket(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            answered = probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            answered = false;
        }
        if (answered) {
            throw new IOException("Unable to listen on " + path + ": another daemon is listening there");
        }
        Files.delete(path);
    }

    private void accept(Channel ch) {
        ServerRuntime runtime = current.get();
        if (runtime == null) {
            ch.close();
            return;
        }
        ServerLimits limits = runtime.limits();
        if (open.incrementAndGet() > limits.maxConnections()) {
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            ch.writeAndFlush(Unpooled.wrappedBuffer(Reply.TOO_MANY_CONNECTIONS.text()
                    .getBytes(StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        runtime.acquire();
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            runtime.release();
        });
        connections.add(ch);
        LmtpDecoder decoder = new LmtpDecoder(limits.maxLineLength(), budget);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(limits.timeout().toSeconds(), 0, 0, TimeUnit.SECONDS))
                .addLast("decoder", decoder)
                .addLast("encoder", ReplyEncoder.INSTANCE)
                .addLast("session", new LmtpHandler(runtime.sessionSettings(), runtime.processor(), decoder, budget));
    }

    private static String describe(SocketAddress a) {
        return a instanceof DomainSocketAddress d ? d.path() : a.toString();
    }
}
