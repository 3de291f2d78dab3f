package org.dspam.classify;

import java.util.Locale;

/** The combining algorithms of {@code dspam.conf}'s {@code Algorithm} directive (any combination). */
public enum Algorithm {
    NAIVE("naive"),
    GRAHAM("graham"),
    BURTON("burton"),
    ROBINSON("robinson"),
    CHI_SQUARE("chi-square");

    private final String spelling;

    Algorithm(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static Algorithm parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Algorithm a : values()) {
            if (a.spelling.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + value + "' (naive, graham, burton, robinson or chi-square)");
    }
}
