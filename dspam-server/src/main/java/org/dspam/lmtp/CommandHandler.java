package org.dspam.lmtp;

import java.util.List;

/** Handles the commands named by {@link #verbs()}, in whatever state the session is in. */
interface CommandHandler {
    List<String> verbs();

    void handle(LmtpSession session, String line);
}
