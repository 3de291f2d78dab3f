package org.dspam.lmtp;

import java.util.List;

/** {@code DATA}: once there is a recipient, the message follows. */
final class DataHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("DATA");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        if (session.state() != LmtpSession.State.RCPT) {
            session.unexpected();
            return;
        }
        session.startData();
    }
}
