package org.dspam.server.reinject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.config.DspamConfig;
import org.dspam.delivery.DeliveryProtocol;
import org.dspam.delivery.DeliveryResult;
import org.dspam.server.SmtpSink;
import org.dspam.server.Transports;

/** The reinjection client against a test SMTP/LMTP server, on TCP and unix sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReinjectionClientIT {
    private static final String MESSAGE = "From: a@example.org\r\nSubject: t\r\n\r\n.dot\r\nbody \u00e9\r\n";

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private final List<SmtpSink> sinks = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        group = Transports.group(1, "test-reinject");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (SmtpSink s : sinks) {
            s.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await();
    }

    private SmtpSink sink(boolean lmtp) throws Exception {
        SmtpSink s = new SmtpSink(lmtp);
        sinks.add(s);
        return s;
    }

    private ReinjectionClient client(DeliveryProtocol protocol, String config) {
        return new ReinjectionClient(DspamConfig.parse(config, "test.conf"), protocol, group,
                (level, message) -> log.add(level + " " + message), Duration.ofSeconds(5), 4);
    }

    @Test
    void smtpWithPipeliningOneReplyForAllAndTheMessageDotStuffed() throws Exception {
        SmtpSink sink = sink(false);
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
        assertEquals(List.of(DeliveryResult.OK, DeliveryResult.OK),
                c.send("s@example.org", List.of("a@example.net", "b@example.net"), MESSAGE));
        SmtpSink.Received r = sink.received().get(0);
        assertEquals(List.of("a@example.net", "b@example.net"), r.recipients());
        assertEquals(MESSAGE, r.data());
        assertTrue(r.mailCommand().endsWith(" BODY=8BITMIME"), r.mailCommand());
        c.close();
    }

    @Test
    void lmtpGivesOneResultPerRecipient() throws Exception {
        SmtpSink sink = sink(true);
        sink.rcptReply = a -> a.startsWith("x") ? "550 5.1.1 unknown" : null;
        ReinjectionClient c = client(DeliveryProtocol.LMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
        List<DeliveryResult> results = c.send("", List.of("a@x.org", "x@x.org", "b@x.org"), MESSAGE);
        assertEquals(DeliveryResult.OK, results.get(0));
        assertEquals(DeliveryResult.permanent("Fatal: 550 5.1.1 unknown"), results.get(1));
        assertEquals(DeliveryResult.OK, results.get(2));
        assertEquals(List.of("a@x.org", "b@x.org"), sink.received().get(0).recipients());
    }

    @Test
    void pipelinedRefusalsSendNoMessageAndTheNextOneStillGoes() throws Exception {
        SmtpSink sink = sink(false);
        sink.rcptReply = a -> a.startsWith("bad") ? "550 5.1.1 unknown" : null;
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
        // Every recipient refused: DATA gets 554, the message is not sent.
        assertEquals(List.of(DeliveryResult.permanent("Fatal: 550 5.1.1 unknown")),
                c.send("s@example.org", List.of("bad@example.net"), MESSAGE));
        // The data refused after it was sent (the message went out from the event loop on the 354).
        sink.dataReply = "451 4.3.0 try later";
        assertEquals(List.of(DeliveryResult.temporary("Deferred: 451 4.3.0 try later")),
                c.send("s@example.org", List.of("ok@example.net"), MESSAGE));
        sink.dataReply = null;
        assertEquals(List.of(DeliveryResult.OK, DeliveryResult.permanent("Fatal: 550 5.1.1 unknown")),
                c.send("s@example.org", List.of("ok@example.net", "bad@example.net"), MESSAGE));
        SmtpSink.Received r = sink.received().get(sink.received().size() - 1);
        assertEquals(List.of("ok@example.net"), r.recipients());
        assertEquals(MESSAGE, r.data());
        c.close();
    }

    @Test
    void withoutPipeliningCommandsGoOneByOne() throws Exception {
        SmtpSink sink = sink(false);
        sink.pipelining = false;
        sink.rcptReply = a -> a.startsWith("bad") ? "450 4.2.0 try later" : null;
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
        assertEquals(List.of(DeliveryResult.temporary("Deferred: 450 4.2.0 try later")),
                c.send("s@example.org", List.of("bad@example.net"), MESSAGE));
        assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("ok@example.net"), MESSAGE));
        assertEquals(1, sink.received().size());
    }

    @Test
    void xforwardIsSentOnlyToServersThatOfferIt() throws Exception {
        SmtpSink with = sink(false);
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + with.port());
        c.forwarding(Map.of("NAME", "client.example", "ADDR", "192.0.2.1", "IDENT", "x"))
                .send("s@example.org", List.of("a@example.net"), MESSAGE);
        assertEquals(Map.of("NAME", "client.example", "ADDR", "192.0.2.1"), with.received().get(0).forward());

        SmtpSink without = sink(false);
        without.xforward = false;
        ReinjectionClient d = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + without.port());
        assertEquals(List.of(DeliveryResult.OK), d.forwarding(Map.of("NAME", "client.example"))
                .send("s@example.org", List.of("a@example.net"), MESSAGE));
        assertEquals(Map.of(), without.received().get(0).forward());
    }

    @Test
    void aKeptConnectionTheServerDroppedIsReplacedWithoutLosingTheMessage() throws Exception {
        SmtpSink sink = sink(false);
        sink.messagesPerConnection = 1;
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("a@example.net"), MESSAGE));
            Thread.sleep(100);
        }
        assertEquals(3, sink.received().size());
        assertEquals(3, sink.connections());
    }

    @Test
    void unixSocketsAndPerDomainHosts() throws Exception {
        Path path = dir.resolve("lmtp.sock");
        SmtpSink local = new SmtpSink(true, UnixDomainSocketAddress.of(path));
        sinks.add(local);
        SmtpSink other = sink(false);
        ReinjectionClient c = client(DeliveryProtocol.LMTP, "DeliveryHost " + path + "\nDeliveryHost.other.example "
                + "127.0.0.1\nDeliveryPort.other.example " + other.port());
        assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("a@local.example"), MESSAGE));
        assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("b@Other.Example"), MESSAGE));
        assertEquals(1, local.received().size());
        assertEquals(1, other.received().size());
    }

    /**
     * The caller's work given to {@code send} runs once, while the server holds the transaction: the sink does not
     * answer a recipient until that work has run. A failure in it is logged and the delivery stands; without a
     * server it still runs.
     */
    @Test
    void theCallersWorkRunsOnceWhileTheServerHasTheCommands() throws Exception {
        for (boolean pipelining : new boolean[] {true, false}) {
            SmtpSink sink = sink(false);
            sink.pipelining = pipelining;
            CountDownLatch ran = new CountDownLatch(1);
            sink.rcptReply = a -> {
                try {
                    return ran.await(10, TimeUnit.SECONDS) ? null : "451 4.3.0 the work did not run";
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + sink.port());
            AtomicInteger runs = new AtomicInteger();
            assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("a@example.net"), MESSAGE, () -> {
                runs.incrementAndGet();
                ran.countDown();
            }), "pipelining " + pipelining);
            assertEquals(1, runs.get());

            sink.rcptReply = a -> null;
            assertEquals(List.of(DeliveryResult.OK), c.send("s@example.org", List.of("a@example.net"), MESSAGE, () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("disk full");
            }));
            assertEquals(2, runs.get());
            assertEquals(2, sink.received().size());
            assertTrue(log.stream().anyMatch(l -> l.contains("disk full")), log.toString());
            c.close();
        }

        SmtpSink gone = sink(false);
        int port = gone.port();
        gone.close();
        AtomicInteger runs = new AtomicInteger();
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + port);
        assertEquals(DeliveryResult.Status.TEMPORARY_FAILURE,
                c.send("s@example.org", List.of("a@example.net"), MESSAGE, runs::incrementAndGet).get(0).status());
        assertEquals(1, runs.get());
    }

    @Test
    void noServerIsATemporaryFailure() throws Exception {
        SmtpSink sink = sink(false);
        int port = sink.port();
        sink.close();
        ReinjectionClient c = client(DeliveryProtocol.SMTP, "DeliveryHost 127.0.0.1\nDeliveryPort " + port);
        DeliveryResult r = c.send("s@example.org", List.of("a@example.net"), MESSAGE).get(0);
        assertEquals(DeliveryResult.Status.TEMPORARY_FAILURE, r.status());
        assertTrue(r.text().startsWith("Deferred: delivery to 127.0.0.1:" + port + " failed: "), r.text());
    }
}
