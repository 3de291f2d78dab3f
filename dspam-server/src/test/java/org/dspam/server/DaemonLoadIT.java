package org.dspam.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.tools.load.LoadCommand;

/**
 * dspam_load against the daemon (memory storage, reinjection to a test SMTP server): every
 * message is answered and reinjected, and every recipient is counted once in the storage, with
 * one user or many, one connection or sixteen.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DaemonLoadIT {
    @TempDir
    Path dir;
    private SmtpSink sink;
    private DspamDaemon daemon;
    private final MemoryStorageDriver storage = new MemoryStorageDriver();
    private ServerFixture fixture;

    private void start() throws Exception {
        sink = new SmtpSink(false);
        fixture = new ServerFixture(dir, storage,
                "", "ServerMode standard",
                "", "ServerParameters \"--deliver=innocent,spam\"",
                "", "ServerDomainSocketPath \"" + dir.resolve("dspam.sock") + "\"",
                "", "DeliveryHost 127.0.0.1",
                "", "DeliveryPort " + sink.port(),
                "", "DeliveryProto SMTP");
        daemon = fixture.daemon();
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("ham.eml"), ServerFixture.resource("ham.eml"));
        Files.writeString(corpus.resolve("spam.eml"), ServerFixture.resource("spam.eml"));
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private String load(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 5];
        all[0] = "--socket";
        all[1] = dir.resolve("dspam.sock").toString();
        all[2] = "--corpus";
        all[3] = dir.resolve("corpus").toString();
        all[4] = "--check-totals";
        System.arraycopy(args, 0, all, 5, args.length);
        int code = LoadCommand.run(all, new PrintWriter(out), new PrintWriter(out), Map.of("DSPAM_CONF",
                fixture.conf.toString()), storage);
        assertEquals(0, code, out + "\n" + String.join("\n", fixture.log));
        return out.toString();
    }

    @Test
    void sixteenConnectionsToOneUserAreCountedExactly() throws Exception {
        start();
        String report = load("-c", "16", "-n", "400", "--pid", Long.toString(ProcessHandle.current().pid()));
        assertTrue(report.contains("replies: 400 accepted, 0 deferred (4xx), 0 refused (5xx)"), report);
        assertTrue(report.contains("totals: exact (1 users; 400 accepted recipients counted once each)"), report);
        assertTrue(report.contains("server: "), report);
        assertEquals(400, sink.received().size() + spamQuarantined());
    }

    @Test
    void manyUsersAndRecipientsPerMessage() throws Exception {
        start();
        String report = load("-c", "4", "-n", "100", "-r", "5", "-u", "100");
        assertTrue(report.contains("replies: 500 accepted"), report);
        assertTrue(report.contains("totals: exact (100 users; 500 accepted recipients counted once each)"), report);
    }

    /** Spam is quarantined (spamAction quarantine) rather than reinjected: count the quarantine mailboxes. */
    private int spamQuarantined() throws Exception {
        int n = 0;
        try (var files = Files.walk(fixture.home)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".mbox")).toList()) {
                n += (int) Files.readAllLines(p, java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> l.startsWith("From QUARANTINE ")).count();
            }
        }
        return n;
    }
}
