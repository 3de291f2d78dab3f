package org.dspam.lmtp;

import java.util.List;

/** Reaches the package's parsing helpers from tests in other packages. */
public final class LmtpTestAccess {
    private LmtpTestAccess() {
    }

    public static List<String> processMode(String mailFromLine) {
        return MailHandler.processMode(mailFromLine);
    }
}
