package org.dspam.learn;

import java.util.Locale;

/** DSPAM's training modes, spelled as in {@code dspam.conf} and {@code --mode=}. */
public enum TrainingMode {
    /** Train on everything: learn every processed message as classified. */
    TEFT("teft"),
    /** Train on error: learn only corrections and corpus mail (until a user is trained). */
    TOE("toe"),
    /** Train until mature: like TEFT, but stop updating tokens that are already well known. */
    TUM("tum"),
    /** Never learn, never store a signature. */
    NOTRAIN("notrain");

    private final String spelling;

    TrainingMode(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** Parses a mode; {@code unlearn} is a flag on top of TEFT and is handled by the caller. */
    public static TrainingMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (TrainingMode m : values()) {
            if (m.spelling.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Invalid training mode '" + value + "' specified");
    }
}
