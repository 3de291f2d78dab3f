package org.dspam.token;

import java.util.Locale;

/** DSPAM's tokenizers, spelled as in {@code dspam.conf}'s {@code Tokenizer} directive. */
public enum TokenizerKind {
    /** Single words. */
    WORD("word"),
    /** Single words plus pairs of consecutive words. */
    CHAIN("chain"),
    /** Sparse binary polynomial hashing: a word with every subset of the next four. */
    SBPH("sbph"),
    /** Orthogonal sparse bigrams: a word paired with each of the next four. */
    OSB("osb");

    private final String spelling;

    TokenizerKind(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public boolean isSparse() {
        return this == SBPH || this == OSB;
    }

    /** Parses a {@code Tokenizer} value; DSPAM also accepts {@code chained}. */
    public static TokenizerKind parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("chained")) {
            return CHAIN;
        }
        for (TokenizerKind k : values()) {
            if (k.spelling.equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown tokenizer '" + value + "' (word, chain, sbph or osb)");
    }
}
