package org.dspam.learn;

/** Where a training instruction comes from ({@code --source=}). */
public enum Source {
    /** Correcting a message DSPAM got wrong. */
    ERROR("error"),
    /** Feeding known mail. */
    CORPUS("corpus"),
    /** A spam vaccination (counts weigh more). */
    INOCULATION("inoculation");

    private final String spelling;

    Source(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static Source parse(String value) {
        for (Source s : values()) {
            if (s.spelling.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("No such source '" + value + "'");
    }
}
