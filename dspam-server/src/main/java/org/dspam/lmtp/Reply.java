package org.dspam.lmtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A server reply: a code, an enhanced status code (empty for the few replies DSPAM sends without
 * one) and one or more lines of text. The constants are DSPAM's replies, word for word, since
 * clients (Postfix, DSPAM's own client, scripts) read them; see {@code docs/daemon.md} for the
 * few that differ on purpose.
 */
public record Reply(int code, String status, List<String> lines) {
    public static final Reply OK_MAIL = of(250, "2.1.0", "OK");
    public static final Reply OK_RCPT = of(250, "2.1.5", "OK");
    public static final Reply OK_RSET = of(250, "", "OK");
    public static final Reply OK_XFORWARD = of(250, "2.0.0", "OK");
    public static final Reply BYE = of(221, "2.0.0", "OK");
    public static final Reply START_DATA = of(354, "", "Enter mail, end with \".\" on a line by itself");
    public static final Reply NEED_LHLO = of(503, "5.0.0", "Need LHLO here.");
    public static final Reply NEED_MAIL = of(503, "5.0.0", "Need MAIL FROM here.");
    public static final Reply NEED_DATA = of(503, "5.0.0", "Need DATA Here");
    public static final Reply BAD_RCPT = of(503, "5.1.2", "Invalid RCPT TO. Use RCPT TO: <recipient>");
    public static final Reply NO_USER = of(554, "5.1.1", "Unable to determine the destination user");
    public static final Reply AUTH_REQUIRED = of(503, "5.1.0", "Authentication Required");
    public static final Reply INIT_FAILED = of(554, "5.1.0", "Unable to initialize agent context");
    public static final Reply MISCONFIGURED = of(503, "5.3.5", "DSPAM agent misconfigured: aborting");
    public static final Reply EMPTY_MESSAGE = of(530, "5.2.0", "Message is empty. Aborting.");
    public static final Reply TOO_MANY_RECIPIENTS = of(452, "4.5.3", "Too many recipients");
    public static final Reply SIZE_EXCEEDED = of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    public static final Reply LINE_TOO_LONG = of(500, "5.5.2", "Line too long");
    public static final Reply TIMEOUT = of(421, "4.4.2", "Timeout exceeded, closing connection");
    public static final Reply TOO_MANY_CONNECTIONS = of(421, "4.3.2", "Too many connections, try again later");
    public static final Reply SHUTTING_DOWN = of(421, "4.3.2", "Service shutting down, try again later");

    public Reply {
        lines = List.copyOf(lines);
    }

    public static Reply of(int code, String status, String text) {
        return new Reply(code, status, List.of(text));
    }

    /** The greeting: {@code 220 DSPAM DLMTP <version> Authentication Required} or {@code 220 DSPAM LMTP <version> Ready}. */
    public static Reply greeting(boolean dlmtp, String version) {
        return of(220, "", "DSPAM " + (dlmtp ? "DLMTP " : "LMTP ") + version
                + (dlmtp ? " Authentication Required" : " Ready"));
    }

    /** The reply to LHLO: the server's name, then one extension per line. */
    public static Reply extensions(String ident, List<String> extensions) {
        List<String> all = new java.util.ArrayList<>(extensions.size() + 1);
        all.add(ident);
        all.addAll(extensions);
        return new Reply(250, "", all);
    }

    /** A recipient's copy was delivered or quarantined; DLMTP adds the class ({@code SPAM} or {@code INNOCENT}). */
    public static Reply accepted(String recipient, String dlmtpClass) {
        return of(250, "2.6.0", "<" + recipient + "> Message accepted for delivery"
                + (dlmtpClass == null ? "" : ": " + dlmtpClass));
    }

    /** Nothing was delivered for this recipient; the client should try again later. */
    public static Reply deferred(String recipient, String why) {
        return of(451, "4.3.0", "<" + recipient + "> " + why.strip());
    }

    /** Nothing was delivered for this recipient, and trying again will not help. */
    public static Reply failed(String recipient, String why) {
        return of(554, "5.3.0", "<" + recipient + "> " + why.strip());
    }

    /** The message was larger than the server accepts. */
    public static Reply tooBig(String recipient) {
        return of(552, "5.3.4", "<" + recipient + "> Message too big for system");
    }

    /** The server is short of memory for messages right now. */
    public static Reply busy(String recipient) {
        return of(452, "4.3.1", "<" + recipient + "> Insufficient system storage, try again later");
    }

    public boolean positive() {
        return code < 400;
    }

    /** The reply as sent: each line is {@code code-text} or, the last, {@code code text}, ending in CRLF. */
    public String text() {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i + 1 < lines.size() ? '-' : ' ');
            if (!status.isEmpty()) {
                sb.append(status).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return text().strip();
    }
}
