package org.dspam.lmtp;

import java.util.List;

/** {@code QUIT}: {@code 221} and the server closes the connection, in every state. */
final class QuitHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("QUIT");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        session.reply(Reply.BYE);
        session.close();
    }
}
