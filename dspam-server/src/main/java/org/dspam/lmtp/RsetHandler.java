package org.dspam.lmtp;

import java.util.List;

/** {@code RSET}: forgets the transaction in progress; allowed before LHLO too, as in DSPAM. */
final class RsetHandler implements CommandHandler {
    @Override
    public List<String> verbs() {
        return List.of("RSET");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        session.reset();
        session.reply(Reply.OK_RSET);
    }
}
