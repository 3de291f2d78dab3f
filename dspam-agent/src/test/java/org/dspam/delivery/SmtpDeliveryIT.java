package org.dspam.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.agent.AgentFixture;
import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/** Delivery to a real SMTP server (GreenMail on loopback): the agent's {@code DeliveryProto SMTP}. */
class SmtpDeliveryIT {
    private GreenMail server;
    private int port;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private DspamConfig config(String extra) {
        return DspamConfig.parse("Home " + dir + "\nDeliveryHost 127.0.0.1\nDeliveryPort " + port
                + "\nDeliveryProto SMTP\nDeliveryIdent agent.example\n" + extra, "test.conf");
    }

    @Test
    void messageArrivesWithDotsUnstuffedAndEnvelopeKept() throws Exception {
        List<String> log = new ArrayList<>();
        SmtpTransport t = new SmtpTransport(config(""), DeliveryProtocol.SMTP, (l, m) -> log.add(m));
        String message = "From: a@example.org\nTo: b@example.net\nSubject: dots\n\n.leading dot\n..two\n.\nend";
        List<DeliveryResult> r = t.send("a@example.org", List.of("b@example.net"), message);
        assertEquals(List.of(DeliveryResult.OK), r, log.toString());
        assertTrue(server.waitForIncomingEmail(5000, 1));
        MimeMessage got = server.getReceivedMessages()[0];
        String body = GreenMailUtil.getBody(got);
        assertEquals(".leading dot\r\n..two\r\n.\r\nend", body.strip());
        assertEquals("b@example.net", got.getAllRecipients()[0].toString());
    }

    @Test
    void unreachableServerIsATemporaryFailure() throws Exception {
        server.stop();
        SmtpTransport t = new SmtpTransport(config(""), DeliveryProtocol.SMTP, AgentLog.NONE);
        DeliveryResult r = t.send("", List.of("b@example.net"), "Subject: x\n\ny\n").get(0);
        assertEquals(DeliveryResult.Status.TEMPORARY_FAILURE, r.status());
        assertTrue(r.text().startsWith("Unable to connect to server"), r.text());
    }

    @Test
    void domainSpecificHostWins() {
        SmtpTransport t = new SmtpTransport(config("DeliveryHost.other.example /run/other.sock\n"),
                DeliveryProtocol.SMTP, AgentLog.NONE);
        assertEquals("/run/other.sock", t.hostFor("u@other.example"));
        assertEquals("127.0.0.1", t.hostFor("u@example.net"));
    }

    @Test
    void theAgentDeliversProcessedMailToTheServer() throws Exception {
        AgentFixture fx = new AgentFixture(dir, "", "DeliveryHost 127.0.0.1", "", "DeliveryPort " + port, "",
                "DeliveryProto SMTP");
        AgentFixture.Run run = fx.run(AgentFixture.resource("ham.eml"), "--deliver=innocent", "--user", "bob",
                "--rcpt-to", "bob@example.net", "--mail-from=alice@example.org");
        assertEquals(0, run.exit(), run.log().toString());
        assertTrue(server.waitForIncomingEmail(5000, 1));
        MimeMessage got = server.getReceivedMessages()[0];
        assertEquals("Innocent", got.getHeader("X-DSPAM-Result")[0]);
        assertEquals("bob@example.net", got.getAllRecipients()[0].toString());
        assertTrue(GreenMailUtil.getBody(got).contains("!DSPAM:"));
    }
}
