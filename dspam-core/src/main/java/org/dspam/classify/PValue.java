package org.dspam.classify;

import java.util.Locale;

/** How a single token's spam probability is computed ({@code PValue}). */
public enum PValue {
    /** Graham's technique with DSPAM's refinements ("bcr"); the default. */
    BCR("bcr"),
    /** BCR followed by Robinson's adjustment towards 0.5 for rare tokens. */
    ROBINSON("robinson"),
    /** Markovian weighting by token shape. */
    MARKOV("markov");

    private final String spelling;

    PValue(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static PValue parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("graham")) {
            return BCR;
        }
        for (PValue p : values()) {
            if (p.spelling.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown PValue '" + value + "' (bcr, robinson or markov)");
    }
}
