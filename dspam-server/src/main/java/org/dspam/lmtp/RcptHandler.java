package org.dspam.lmtp;

import java.util.List;
import java.util.Locale;

/**
 * {@code RCPT TO:<address>}: one recipient, one reply after the message. The user it is processed
 * as is the address, without its domain with {@code StripRcptDomain on}, lowercased with
 * {@code Broken case}.
 */
final class RcptHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("RCPT");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        LmtpSession.State state = session.state();
        if ((state != LmtpSession.State.MAIL && state != LmtpSession.State.RCPT)
                || !line.regionMatches(true, 0, "RCPT TO:", 0, 8)) {
            session.unexpected();
            return;
        }
        String address = LmtpSession.address(line);
        if (!valid(address)) {
            session.reply(Reply.BAD_RCPT);
            return;
        }
        if (session.recipientCount() >= session.settings().maxRecipients()) {
            session.reply(Reply.TOO_MANY_RECIPIENTS);
            return;
        }
        String user = session.settings().lowercaseUsers() ? address.toLowerCase(Locale.ROOT) : address;
        if (session.settings().stripRcptDomain()) {
            int at = user.indexOf('@');
            if (at > 0) {
                user = user.substring(0, at);
            }
        }
        session.addRecipient(new Recipient(address, user));
        session.reply(Reply.OK_RCPT);
    }

    /** Not empty, not starting with {@code -} or {@code @} (DSPAM's rule), no path tricks, no control characters. */
    static boolean valid(String address) {
        if (address == null || address.isEmpty() || address.charAt(0) == '-' || address.charAt(0) == '@'
                || address.contains("../") || address.contains("..\\")) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) < 0x20 || address.charAt(i) == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
