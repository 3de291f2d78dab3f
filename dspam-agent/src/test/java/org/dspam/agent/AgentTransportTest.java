package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.config.DspamConfig;
import org.dspam.delivery.DeliveryResult;
import org.dspam.delivery.MailTransport;
import org.dspam.storage.UserStorage;

/** The agent with a delivery transport, as the daemon runs it (its reinjection client). */
class AgentTransportTest {
    @TempDir
    Path dir;

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).count() : 0;
    }

    /**
     * What need not come before the delivery is done while the transport has the message, once: the user's data is
     * closed (another thread can open it) and the log lines and {@code .stats} file are written by the time the
     * transport's work ran, not before the transport got the message.
     */
    @Test
    void theLogsAndTheUsersDataAreFinishedWhileTheTransportHasTheMessage() throws Exception {
        AgentFixture fx = new AgentFixture(dir, "", "DeliveryHost 127.0.0.1", "", "DeliveryPort 10026", "",
                "DeliveryProto SMTP");
        DspamConfig config = DspamConfig.load(fx.conf);
        Path systemLog = fx.home.resolve("system.log");
        Path userLog = fx.home.resolve("data/alice/alice.log");
        Path stats = fx.home.resolve("data/alice/alice.stats");
        List<String> seen = new ArrayList<>();
        MailTransport transport = new MailTransport() {
            @Override
            public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message) {
                throw new AssertionError("the agent gives the transport its remaining work");
            }

            @Override
            public List<DeliveryResult> send(String mailFrom, List<String> recipients, String message,
                                             Runnable meanwhile) {
                try {
                    seen.add("before " + lines(systemLog) + " " + lines(userLog) + " " + Files.exists(stats));
                    meanwhile.run();
                    seen.add("after " + lines(systemLog) + " " + lines(userLog) + " " + Files.exists(stats));
                    CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                        try (UserStorage s = fx.storage.open("alice")) {
                            return s.exists();
                        }
                    });
                    seen.add("opened elsewhere " + other.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return List.of(DeliveryResult.OK);
            }
        };
        List<String> log = new ArrayList<>();
        Agent agent = new Agent(config, fx.storage, transport, (level, m) -> log.add(level + " " + m),
                Clock.systemDefaultZone(), true);
        AgentOptions o = new ArgumentParser(config, new Caller("root", 0))
                .parse(List.of("--deliver=innocent", "--user", "alice"));
        AgentResult r = agent.process(o, AgentFixture.resource("ham.eml"), OutputStream.nullOutputStream());

        assertEquals(List.of("before 0 0 false", "after 1 1 true", "opened elsewhere true"), seen, log.toString());
        assertEquals(1, r.recipients().size());
        assertEquals(RecipientResult.Disposition.SUCCESS, r.recipients().get(0).disposition());
        assertEquals(1, lines(systemLog));
        assertEquals(1, lines(userLog));
    }
}
