package org.dspam.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the client makes of the agent's command line: the users, and DSPAMPROCESSMODE as DSPAM's client sends it. */
class DlmtpClientTest {
    @Test
    void usersBecomeRecipientsAndTheRestTravelsAsTheProcessMode() {
        DlmtpClient.Request r = DlmtpClient.parse(List.of("--user", "eval", "--classify"), "root", true);
        assertEquals(List.of("eval"), r.users());
        assertEquals("--classify ", r.processMode());
        assertTrue(r.output());
    }

    @Test
    void dspamClientSendsItsOwnFlagToo() {
        assertEquals("--client --classify ",
                DlmtpClient.parse(List.of("--client", "--user", "eval", "--classify"), "root", true).processMode());
    }

    @Test
    void severalUsersAndTheEndOfTheListAsTheAgentReadsIt() {
        DlmtpClient.Request r = DlmtpClient.parse(List.of("--user", "eval", "other@example.net", "--",
            "--deliver=innocent", "-d", "%u"), "root", true);
        assertEquals(List.of("eval", "other@example.net"), r.users());
        assertEquals("--deliver=innocent -d %u ", r.processMode());
        assertFalse(r.output(), "the daemon delivers and answers per user");
    }

    @Test
    void rcptToAddressesStayBehindAndQuotesAreEscaped() {
        DlmtpClient.Request r = DlmtpClient.parse(List.of("--rcpt-to", "a@b", "--user", "u", "--mail-from=\"x\"@y"),
                "root", true);
        assertEquals("--mail-from=\\\"x\\\"@y ", r.processMode());
    }

    @Test
    void outputModes() {
        assertTrue(DlmtpClient.parse(List.of("--user", "u", "--deliver=summary"), "root", true).output());
        DlmtpClient.Request stdout = DlmtpClient.parse(List.of("--user", "u", "--deliver=stdout"), "root", true);
        assertTrue(stdout.output());
        assertTrue(stdout.stdout());
        assertFalse(DlmtpClient.parse(List.of("--user", "u", "--deliver=spam,innocent"), "root", true).output());
    }

    @Test
    void untrustedCallersAreThemselvesAndLoseDeliveryArguments() {
        DlmtpClient.Request r = DlmtpClient.parse(List.of("--deliver=innocent", "-d", "root", "--classify"), "bob",
                false);
        assertEquals(List.of("bob"), r.users());
        assertEquals("--deliver=innocent --classify ", r.processMode());
        assertThrows(IllegalArgumentException.class,
                () -> DlmtpClient.parse(List.of("--user", "alice"), "bob", false));
        assertThrows(IllegalArgumentException.class,
                () -> DlmtpClient.parse(List.of("--profile=other"), "bob", false));
        assertThrows(IllegalArgumentException.class,
                () -> DlmtpClient.parse(List.of("--user", "../etc"), "root", true));
    }

    @Test
    void replyLinesAreToldFromOutput() {
        assertTrue(DlmtpClient.isReply("451 4.3.0 <eval> database is down"));
        assertFalse(DlmtpClient.isReply("X-DSPAM-Result: eval; result=\"Spam\""));
        assertFalse(DlmtpClient.isReply("250 OK"));
    }
}
