package org.dspam.lmtp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code XFORWARD NAME=... ADDR=...}: Postfix's original client, offered on LMTP sessions when the
 * daemon reinjects over SMTP, and passed on there. Accepted before {@code MAIL FROM}.
 */
final class XforwardHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("XFORWARD");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        if (!session.offersXforward() || session.state() != LmtpSession.State.READY) {
            session.unexpected();
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String item : line.substring("XFORWARD".length()).trim().split(" +")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                attributes.put(item.substring(0, eq).toUpperCase(Locale.ROOT), item.substring(eq + 1));
            }
        }
        session.forward(attributes);
        session.reply(Reply.OK_XFORWARD);
    }
}
