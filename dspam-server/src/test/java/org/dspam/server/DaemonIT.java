package org.dspam.server;

import static org.dspam.server.ServerFixture.data;
import static org.dspam.server.ServerFixture.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;

/**
 * The whole daemon on real sockets (a unix socket and TCP on loopback), reinjecting over SMTP to a
 * test server: what Postfix sends, reinjection with XFORWARD and connection reuse, every failure
 * on the way as a temporary reply, limits, reload and shutdown.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonIT {
    @TempDir
    Path dir;
    private SmtpSink sink;
    private DspamDaemon daemon;

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private ServerFixture reinjecting(StorageDriver storage, String... edits) throws Exception {
        sink = new SmtpSink(false);
        List<String> all = new ArrayList<>(List.of(
                "", "ServerMode standard",
                "", "ServerParameters \"--deliver=innocent\"",
                "", "ServerDomainSocketPath \"" + dir.resolve("dspam.sock") + "\"",
                "", "ServerHost 127.0.0.1",
                "", "ServerPort 0",
                "", "DeliveryHost 127.0.0.1",
                "", "DeliveryPort " + sink.port(),
                "", "DeliveryProto SMTP"));
        all.addAll(List.of(edits));
        return new ServerFixture(dir, storage, all.toArray(String[]::new));
    }

    private int tcpPort() {
        for (SocketAddress a : daemon.addresses()) {
            if (a instanceof InetSocketAddress i) {
                return i.getPort();
            }
        }
        throw new AssertionError("no TCP listener: " + daemon.addresses());
    }

    /** A Postfix-like pipelined transaction; returns the replies after DATA's 354, one per recipient. */
    private static List<String> transaction(TestClient c, String message, String... rcpts) throws Exception {
        StringBuilder cmds = new StringBuilder("MAIL FROM:<sender@example.test> SIZE=" + message.length() + "\r\n");
        for (String r : rcpts) {
            cmds.append("RCPT TO:<").append(r).append(">\r\n");
        }
        cmds.append("DATA\r\n");
        c.send(cmds.toString());
        assertEquals("250 2.1.0 OK", c.reply());
        for (int i = 0; i < rcpts.length; i++) {
            assertEquals("250 2.1.5 OK", c.reply());
        }
        assertTrue(c.reply().startsWith("354 "));
        c.send(data(message));
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < rcpts.length; i++) {
            replies.add(c.reply());
        }
        return replies;
    }

    @Test
    void postfixDialogueOverTheUnixSocketReinjectsEachRecipientWithXforward() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        daemon = f.daemon();
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.socket)));
        try (TestClient c = TestClient.unix(f.socket)) {
            assertEquals("220 DSPAM LMTP " + ServerRuntime.VERSION + " Ready", c.reply());
            c.send("LHLO mx.example\r\n");
            assertEquals("250-dspam.test.invalid\n250-PIPELINING\n250-ENHANCEDSTATUSCODES\n250-8BITMIME\n"
                    + "250-XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE\n250 SIZE", c.reply());
            c.send("XFORWARD NAME=client.example ADDR=192.0.2.7 PORT=4711\r\nXFORWARD PROTO=ESMTP HELO=client.example\r\n");
            assertEquals("250 2.0.0 OK", c.reply());
            assertEquals("250 2.0.0 OK", c.reply());
            assertEquals(List.of("250 2.6.0 <alice@example.test> Message accepted for delivery",
                    "250 2.6.0 <bob@example.test> Message accepted for delivery"),
                    transaction(c, resource("ham.eml"), "alice@example.test", "bob@example.test"));
            c.send("QUIT\r\n");
            assertEquals("221 2.0.0 OK", c.reply());
            assertTrue(c.closedByServer());
        }
        List<SmtpSink.Received> got = sink.received();
        assertEquals(2, got.size());
        for (SmtpSink.Received r : got) {
            assertEquals("sender@example.test", r.from());
            assertEquals(Map.of("NAME", "client.example", "ADDR", "192.0.2.7", "PROTO", "ESMTP",
                    "HELO", "client.example"), r.forward(), "only the attributes the server offers");
            assertTrue(r.data().contains("\r\nX-DSPAM-Result: Innocent\r\n"), r.data());
            assertTrue(r.mailCommand().contains(" SIZE="), r.mailCommand());
        }
        assertEquals(List.of(List.of("alice@example.test"), List.of("bob@example.test")),
                got.stream().map(SmtpSink.Received::recipients).toList());
        assertEquals(1, sink.connections(), "both copies go over one kept connection");
    }

    @Test
    void reinjectionKeepsDotsAndReusesConnectionsAcrossTransactions() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        daemon = f.daemon();
        String message = "From: a@example.org\nSubject: dots\n\n.leading\n.\nend\n";
        try (TestClient c = TestClient.tcp(tcpPort()).hello()) {
            for (int i = 0; i < 10; i++) {
                c.send("RSET\r\n");
                assertEquals("250 OK", c.reply());
                assertEquals(List.of("250 2.6.0 <u@example.test> Message accepted for delivery"),
                        transaction(c, message, "u@example.test"));
            }
        }
        assertEquals(10, sink.received().size());
        assertTrue(sink.received().get(0).data().contains("\r\n.leading\r\n.\r\nend\r\n"),
                sink.received().get(0).data());
        assertEquals(1, sink.connections());
    }

    @Test
    void refusedRecipientsGetTheReinjectionServersVerdict() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        sink.rcptReply = a -> a.startsWith("gone") ? "550 5.1.1 <" + a + ">: Recipient address rejected"
                : a.startsWith("full") ? "452 4.2.2 <" + a + ">: Mailbox full" : null;
        daemon = f.daemon();
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            List<String> replies = transaction(c, resource("ham.eml"), "gone@example.test", "ok@example.test",
                    "full@example.test");
            assertEquals("554 5.3.0 <gone@example.test> Fatal: 550 5.1.1 <gone@example.test>: Recipient address "
                    + "rejected", replies.get(0));
            assertEquals("250 2.6.0 <ok@example.test> Message accepted for delivery", replies.get(1));
            assertEquals("451 4.3.0 <full@example.test> Deferred: 452 4.2.2 <full@example.test>: Mailbox full",
                    replies.get(2));
        }
        assertEquals(1, sink.received().size());
    }

    @Test
    void reinjectionDownIsATemporaryFailureAndMailGoesThroughOnceItIsBack() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        int port = sink.port();
        sink.close();
        daemon = f.daemon();
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            List<String> replies = transaction(c, resource("ham.eml"), "a@example.test", "b@example.test");
            for (String r : replies) {
                assertTrue(r.startsWith("451 4.3.0 <"), r);
                assertTrue(r.contains("Deferred: delivery to "), r);
            }
        }
        assertTrue(f.log.stream().anyMatch(l -> l.startsWith("ERROR Delivery to ")), f.log.toString());
        // The daemon keeps nothing: the client retries, and once the server is back the mail goes through.
        sink = new SmtpSink(false, port);
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            assertEquals(List.of("250 2.6.0 <a@example.test> Message accepted for delivery"),
                    transaction(c, resource("ham.eml"), "a@example.test"));
        }
        assertEquals(1, sink.received().size());
    }

    @Test
    void aSlowReinjectionServerTimesOutAsATemporaryFailure() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver(), "", "DeliveryTimeout 1");
        sink.dataDelay = 3000;
        daemon = f.daemon();
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            String r = transaction(c, resource("ham.eml"), "slow@example.test").get(0);
            assertTrue(r.startsWith("451 4.3.0 <slow@example.test> Deferred: delivery to "), r);
            assertTrue(r.contains("timed out"), r);
        }
    }

    @Test
    void storageFailureIsATemporaryFailureForEveryRecipient() throws Exception {
        FailingStorage storage = new FailingStorage();
        ServerFixture f = reinjecting(storage);
        daemon = f.daemon();
        storage.failing = true;
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            List<String> replies = transaction(c, resource("ham.eml"), "a@example.test", "b@example.test");
            assertEquals(List.of("451 4.3.0 <a@example.test> database is down",
                    "451 4.3.0 <b@example.test> database is down"), replies);
            storage.failing = false;
            assertEquals(List.of("250 2.6.0 <a@example.test> Message accepted for delivery"),
                    transaction(c, resource("ham.eml"), "a@example.test"));
        }
        assertEquals(1, sink.received().size());
    }

    @Test
    void concurrentMessagesToOneUserAreEachCountedOnce() throws Exception {
        MemoryStorageDriver storage = new MemoryStorageDriver();
        ServerFixture f = reinjecting(storage);
        daemon = f.daemon();
        int clients = 8;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            done.add(pool.submit(() -> {
                int ok = 0;
                try (TestClient c = TestClient.unix(f.socket).hello()) {
                    for (int m = 0; m < each; m++) {
                        String message = resource(m % 2 == 0 ? "ham.eml" : "spam.eml");
                        if (transaction(c, message, "shared@example.test").get(0).startsWith("250 ")) {
                            ok++;
                        }
                    }
                }
                return ok;
            }));
        }
        int accepted = 0;
        for (Future<Integer> d : done) {
            accepted += d.get();
        }
        pool.shutdown();
        assertEquals(clients * each, accepted);
        try (UserStorage u = storage.open("shared@example.test")) {
            Totals t = u.totals();
            assertEquals(clients * each, t.spamClassified() + t.innocentClassified() + t.spamLearned()
                    + t.innocentLearned(), t.toString());
        }
    }

    @Test
    void idleClientsAreDisconnectedAfterServerTimeout() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver(), "", "ServerTimeout 1");
        daemon = f.daemon();
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            long start = System.nanoTime();
            assertEquals("421 4.4.2 Timeout exceeded, closing connection", c.reply());
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void connectionsOverTheLimitAreTurnedAway() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver(), "", "ServerMaxConnections 2");
        daemon = f.daemon();
        try (TestClient a = TestClient.unix(f.socket); TestClient b = TestClient.unix(f.socket)) {
            assertTrue(a.reply().startsWith("220 "));
            assertTrue(b.reply().startsWith("220 "));
            try (TestClient c = TestClient.unix(f.socket)) {
                assertEquals("421 4.3.2 Too many connections, try again later", c.reply());
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void reloadChangesNewConnectionsAndKeepsOpenOnes() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        daemon = f.daemon();
        try (TestClient before = TestClient.unix(f.socket).hello()) {
            List<String> conf = new ArrayList<>(Files.readAllLines(f.conf));
            conf.replaceAll(l -> l.startsWith("ServerIdent ") ? "ServerIdent \"reloaded.test.invalid\"" : l);
            Files.write(f.conf, conf);
            daemon.reload();
            try (TestClient after = TestClient.unix(f.socket)) {
                after.reply();
                after.send("LHLO mx\r\n");
                assertTrue(after.reply().startsWith("250-reloaded.test.invalid\n"));
            }
            assertEquals(List.of("250 2.6.0 <a@example.test> Message accepted for delivery"),
                    transaction(before, resource("ham.eml"), "a@example.test"));
        }
    }

    @Test
    void aBrokenConfigurationOnReloadKeepsTheRunningOne() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        daemon = f.daemon();
        List<String> original = Files.readAllLines(f.conf);
        List<String> bogusArguments = new ArrayList<>(original);
        bogusArguments.replaceAll(l -> l.startsWith("ServerParameters ") ? "ServerParameters \"--class=bogus\"" : l);
        assertReloadFailsAndTheDaemonStillServes(f, bogusArguments, "ServerParameters", "a@example.test");
        List<String> noWorkers = new ArrayList<>(original);
        noWorkers.removeIf(l -> l.startsWith("ServerThreads "));
        noWorkers.add(0, "ServerThreads 0");
        assertReloadFailsAndTheDaemonStillServes(f, noWorkers, ":1: ServerThreads", "b@example.test");
    }

    private void assertReloadFailsAndTheDaemonStillServes(ServerFixture f, List<String> conf, String why,
                                                          String recipient) throws Exception {
        Files.write(f.conf, conf);
        org.dspam.config.ConfigException e = assertThrows(org.dspam.config.ConfigException.class, daemon::reload);
        assertTrue(e.getMessage().contains(why), e.getMessage());
        try (TestClient c = TestClient.unix(f.socket).hello()) {
            assertEquals(List.of("250 2.6.0 <" + recipient + "> Message accepted for delivery"),
                    transaction(c, resource("ham.eml"), recipient));
        }
    }

    @Test
    void stopFinishesTheTransactionInFlightThenRemovesSocketAndPidFile() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        sink.dataDelay = 1500;
        daemon = f.daemon();
        Path pid = dir.resolve("dspam.pid");
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
        try (TestClient idle = TestClient.unix(f.socket).hello(); TestClient busy = TestClient.unix(f.socket).hello()) {
            CompletableFuture<List<String>> replies = CompletableFuture.supplyAsync(() -> {
                try {
                    return transaction(busy, resource("ham.eml"), "late@example.test");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // stop while the message is being reinjected (the sink holds its reply for dataDelay)
            assertTrue(sink.dataRead.tryAcquire(20, TimeUnit.SECONDS), "the reinjection reached the sink");
            DspamDaemon stopping = daemon;
            daemon = null;
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    stopping.stop();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals("421 4.3.2 Service shutting down, try again later", idle.reply());
            assertEquals(List.of("250 2.6.0 <late@example.test> Message accepted for delivery"),
                    replies.get(20, TimeUnit.SECONDS));
            assertEquals("421 4.3.2 Service shutting down, try again later", busy.reply());
            stopped.get(20, TimeUnit.SECONDS);
            assertNull(busy.line());
        }
        assertFalse(Files.exists(f.socket));
        assertFalse(Files.exists(pid));
        assertEquals(1, sink.received().size());
    }

    @Test
    void refusesToStartOnASocketAnotherDaemonListensOn() throws Exception {
        ServerFixture f = reinjecting(new MemoryStorageDriver());
        daemon = f.daemon();
        ServerFixture second = new ServerFixture(dir.resolve("second"), new MemoryStorageDriver(),
                "", "ServerMode standard", "", "ServerParameters \"--deliver=innocent\"",
                "", "ServerDomainSocketPath \"" + f.socket + "\"");
        try {
            second.daemon().stop();
            throw new AssertionError("a second daemon started on the same socket");
        } catch (java.io.IOException expected) {
            assertTrue(expected.getMessage().contains("another daemon is listening"), expected.getMessage());
        }
        try (TestClient c = TestClient.unix(f.socket)) {
            assertTrue(c.reply().startsWith("220 "));
        }
    }

    /** Memory storage that can be made to fail as a database that is down. */
    static final class FailingStorage implements StorageDriver {
        private final MemoryStorageDriver delegate = new MemoryStorageDriver();
        volatile boolean failing;

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public UserStorage open(String user) {
            if (failing) {
                throw StorageException.transientFailure("database is down", null);
            }
            return delegate.open(user);
        }

        @Override
        public boolean exists(String user) {
            return delegate.exists(user);
        }

        @Override
        public List<String> users() {
            return delegate.users();
        }

        @Override
        public Map<String, String> preferences(String user) {
            return delegate.preferences(user);
        }

        @Override
        public void setPreference(String user, String name, String value) {
            delegate.setPreference(user, name, value);
        }

        @Override
        public void deletePreference(String user, String name) {
            delegate.deletePreference(user, name);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
