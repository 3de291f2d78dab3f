package org.dspam.engine;

import org.dspam.classify.Verdict;
import org.dspam.storage.Totals;

/**
 * The result of one engine run.
 *
 * @param verdict the classification, or null when the message had no usable tokens (DSPAM's "error 22")
 * @param signature the signature to store for later retraining, or null
 * @param learned whether the message was learned (counted in the learned totals)
 * @param totals the user's totals afterwards
 */
public record Outcome(Verdict verdict, byte[] signature, boolean learned, Totals totals) {
    public boolean classified() {
        return verdict != null;
    }
}
