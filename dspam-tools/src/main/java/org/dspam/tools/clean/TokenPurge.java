package org.dspam.tools.clean;

import org.dspam.classify.TokenProbability;
import org.dspam.learn.TrainingMode;
import org.dspam.storage.TokenRecord;

/**
 * Decides, token by token, what {@code dspam_clean} removes. With a last-hit date (SQL drivers)
 * these are DSPAM's rules exactly. Without one (the hash driver keeps no dates), a rule that needs
 * a token's age only applies when its age is 0 ("regardless of age"), with one exception: the
 * neutral purge removes a token whose probability is neutral on its own evidence (at least 5
 * hits, so not merely a young rare token scored 0.4 by the hapax rule); such a token carries no
 * signal whenever it was last seen. Young rare tokens are kept, because they are how every token
 * starts.
 */
final class TokenPurge {
    static final double NEUTRAL_LOW = 0.35;
    static final double NEUTRAL_HIGH = 0.65;
    /** DSPAM's hapax threshold without processor bias. */
    static final int MIN_HITS = 5;

    private final int neutralAge;
    private final Ages.Unused unused;
    private final boolean toe;
    private final boolean tum;
    private final TokenProbability probability;
    private final long today;

    /**
     * @param neutralAge the neutral purge's age, or -1 when it is not run
     * @param unused the unused purges' ages, or null when they are not run
     * @param mode the user's training mode (TOE keeps unused tokens; TUM only purges tokens with fewer than 50 hits)
     * @param probability the user's token probability without processor bias, as DSPAM's tools compute it
     * @param today the current day (epoch day, local time)
     */
    TokenPurge(int neutralAge, Ages.Unused unused, TrainingMode mode, TokenProbability probability, long today) {
        this.neutralAge = neutralAge;
        this.unused = unused;
        this.toe = mode == TrainingMode.TOE;
        this.tum = mode == TrainingMode.TUM;
        this.probability = probability;
        this.today = today;
    }

    boolean isNoOp() {
        return neutralAge < 0 && unused == null;
    }

    boolean remove(TokenRecord r) {
        return (neutralAge >= 0 && neutral(r)) || (unused != null && unused(r));
    }

    private boolean neutral(TokenRecord r) {
        long s = r.spamHits();
        long i = r.innocentHits();
        double p = probability.token(null, false, s, i);
        if (p < NEUTRAL_LOW || p > NEUTRAL_HIGH) {
            return false;
        }
        if (r.lastHitEpochDay() < 0 && neutralAge > 0) {
            return s + i >= MIN_HITS;
        }
        return olderThan(r, neutralAge);
    }

    private boolean unused(TokenRecord r) {
        long s = r.spamHits();
        long i = r.innocentHits();
        if (!toe && olderThan(r, unused.any())) {
            return !tum || s + i < 50;
        }
        if (i * 2 + s < MIN_HITS) {
            if (olderThan(r, unused.hapax())) {
                return true;
            }
            if (i == 0 && s == 1 && olderThan(r, unused.oneSpamHit())) {
                return true;
            }
            return i == 1 && s == 0 && olderThan(r, unused.oneInnocentHit());
        }
        return false;
    }

    /** DSPAM's test {@code age == 0 || days since last hit > age}; an unknown date is never older than a positive age. */
    private boolean olderThan(TokenRecord r, int age) {
        if (age == 0) {
            return true;
        }
        return r.lastHitEpochDay() >= 0 && today - r.lastHitEpochDay() > age;
    }
}
