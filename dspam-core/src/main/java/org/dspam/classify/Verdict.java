package org.dspam.classify;

import java.util.List;

/**
 * What classification decided.
 *
 * @param spam whether the result is spam
 * @param className DSPAM's class word: {@code Spam}, {@code Innocent}, {@code Whitelisted}, ...
 * @param probability the reported probability (single precision, as DSPAM prints it)
 * @param confidence the reported confidence
 * @param factors the tokens of the deciding calculation
 */
public record Verdict(boolean spam, String className, float probability, float confidence, List<Factor> factors) {
    public static final String SPAM = "Spam";
    public static final String INNOCENT = "Innocent";
    public static final String WHITELISTED = "Whitelisted";

    public Verdict {
        factors = List.copyOf(factors);
    }

    /** DSPAM's result word: only ever {@code Spam} or {@code Innocent}. */
    public String resultName() {
        return spam ? SPAM : INNOCENT;
    }

    public Verdict withClassName(boolean isSpam, String name) {
        return new Verdict(isSpam, name, probability, confidence, factors);
    }
}
