package org.dspam.lmtp;

import java.util.Locale;

/** {@code ServerMode}: which protocol the daemon speaks (DSPAM compares the value ignoring case). */
public enum ServerMode {
    /** DLMTP: clients authenticate with {@code ServerPass.<ident>} and bring their own agent arguments. */
    DSPAM("dspam"),
    /** Plain LMTP for an MTA; the agent arguments are {@code ServerParameters}. */
    STANDARD("standard"),
    /** LMTP, switching to DLMTP when the LHLO name has a {@code ServerPass.<name>}. */
    AUTO("auto");

    private final String spelling;

    ServerMode(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** The mode a {@code ServerMode} value names; anything DSPAM does not know means {@code dspam}, as in DSPAM. */
    public static ServerMode parse(String value) {
        if (value != null) {
            String v = value.toLowerCase(Locale.ROOT);
            for (ServerMode m : values()) {
                if (m.spelling.equals(v)) {
                    return m;
                }
            }
        }
        return DSPAM;
    }
}
