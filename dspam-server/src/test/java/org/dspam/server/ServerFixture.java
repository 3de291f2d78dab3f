package org.dspam.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;

import org.dspam.agent.Caller;
import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.memory.MemoryStorageDriver;

/**
 * A daemon's world for tests: dspam.conf (the shipped one on the memory driver, Home, pid file and
 * socket in a temporary folder, plus edits), a delivery agent script that keeps what it is given,
 * one storage shared by every runtime, and the log lines.
 */
final class ServerFixture {
    static final Caller ROOT = new Caller("root", 0);

    final Path dir;
    final Path home;
    final Path conf;
    final Path socket;
    final Path deliveries;
    final Path deliverScript;
    final StorageDriver storage;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final AgentLog agentLog = (level, message) -> log.add(level + " " + message);

    /** @param edits pairs of (line prefix to replace, or "" to append; replacement line) */
    ServerFixture(Path dir, String... edits) throws IOException {
        this(dir, new MemoryStorageDriver(), edits);
    }

    ServerFixture(Path dir, StorageDriver storage, String... edits) throws IOException {
        this.dir = dir;
        this.storage = storage;
        this.home = dir.resolve("home");
        this.socket = dir.resolve("dspam.sock");
        this.deliveries = dir.resolve("delivered");
        Files.createDirectories(home);
        Files.createDirectories(deliveries);
        this.deliverScript = dir.resolve("deliver.sh");
        Files.writeString(deliverScript, "#!/bin/sh\nf=$(mktemp \"" + deliveries + "/msg.XXXXXX\")\n"
                + "{ echo \"argv: $*\"; cat; } > \"$f\"\n");
        Files.setPosixFilePermissions(deliverScript, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            String out = line;
            if (line.startsWith("StorageDriver ")) {
                out = "StorageDriver memory";
            } else if (line.startsWith("Home ")) {
                out = "Home " + home;
            } else if (line.startsWith("TrustedDeliveryAgent ")) {
                out = "TrustedDeliveryAgent \"" + deliverScript + "\"";
            }
            for (int i = 0; i < edits.length; i += 2) {
                if (!edits[i].isEmpty() && line.startsWith(edits[i])) {
                    out = edits[i + 1];
                }
            }
            lines.add(out);
        }
        lines.add("ServerPID " + dir.resolve("dspam.pid"));
        lines.add("ServerIdent \"dspam.test.invalid\"");
        for (int i = 0; i < edits.length; i += 2) {
            if (edits[i].isEmpty()) {
                lines.add(edits[i + 1]);
            }
        }
        this.conf = dir.resolve("dspam.conf");
        Files.write(conf, lines);
    }

    DspamConfig config() {
        return DspamConfig.load(conf);
    }

    ServerRuntime runtime(EventLoopGroup io, Executor workers) {
        return ServerRuntime.create(config(), ROOT, agentLog, (c, p) -> storage, io, workers, null);
    }

    /** The full connection pipeline on an embedded channel; transactions are processed on the calling thread. */
    EmbeddedChannel channel(ServerRuntime runtime) {
        MemoryBudget budget = new MemoryBudget(runtime.limits().memoryLimit());
        LmtpDecoder decoder = new LmtpDecoder(runtime.limits().maxLineLength(), budget);
        return new EmbeddedChannel(decoder, ReplyEncoder.INSTANCE,
                new LmtpHandler(runtime.sessionSettings(), runtime.processor(), decoder, budget));
    }

    EmbeddedChannel channel() {
        return channel(runtime(null, Runnable::run));
    }

    DspamDaemon daemon() throws IOException, InterruptedException {
        return DspamDaemon.start(conf, config(), ROOT, agentLog, (c, p) -> storage);
    }

    /** Everything the server wrote so far. */
    static String output(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    /** Sends bytes (ISO-8859-1) and returns what the server wrote back. */
    static String send(EmbeddedChannel ch, String bytes) {
        ch.writeInbound(io.netty.buffer.Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
        return output(ch);
    }

    /** What the delivery agent was given, one string per delivery, in no particular order. */
    List<String> delivered() throws IOException {
        try (Stream<Path> files = Files.list(deliveries)) {
            List<String> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
            return out;
        }
    }

    static String resource(String name) {
        try (InputStream in = ServerFixture.class.getResourceAsStream("/agent/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A message as an LMTP client sends it: CRLF line ends, dot-stuffed, then the final dot. */
    static String data(String message) {
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            sb.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        if (message.endsWith("\n")) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(".\r\n").toString();
    }
}
