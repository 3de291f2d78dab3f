package org.dspam.lmtp;

import java.util.List;

/** {@code LHLO name}: the only greeting LMTP knows; the name picks the protocol in {@code ServerMode auto}. */
final class LhloHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("LHLO");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        if (session.state() != LmtpSession.State.GREETED) {
            session.unexpected();
            return;
        }
        session.lhlo(line.length() > 5 ? line.substring(5).strip() : "");
    }
}
