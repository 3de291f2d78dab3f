package org.dspam.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dspam.token.Diction;
import org.dspam.token.Term;

/**
 * Combines the ranked token probabilities with the configured algorithms and decides, with
 * DSPAM's precision (Graham, naive and Robinson in single precision, Burton and chi-square in
 * double), cut-offs and decision order.
 */
public final class Combiner {
    private static final int GRAHAM_WINDOW = 15;
    private static final int BURTON_WINDOW = 27;
    private static final int ROBINSON_WINDOW = 25;
    private static final double ROB_S = 0.010;
    private static final double ROB_X = 0.500;
    private static final double ROB_CUTOFF = 0.50;
    private static final double CHI_CUTOFF = 0.5010;
    private static final double CHI_EXCLUSION = 0.4500;
    private static final double CHI_S = 0.1;
    private static final double CHI_X = 0.5;
    private static final double LN2 = 0.69314718055994530942;

    private Combiner() {
    }

    /** The outcome before auto-whitelisting; {@code forcedClass} is the class given for training, or null. */
    public record Result(boolean spam, float probability, float confidence, List<Factor> factors) {
    }

    /**
     * @param ranked token ids, most significant first
     * @param forcedSpam {@code Boolean.TRUE}/{@code FALSE} when a class was given (training), null to classify
     */
    public static Result combine(List<Long> ranked, Diction diction, Set<Algorithm> algorithms, PValue pvalue, Boolean forcedSpam) {
        boolean markov = pvalue == PValue.MARKOV;
        List<Factor> naiveFactors = new ArrayList<>();
        List<Factor> grahamFactors = new ArrayList<>();
        List<Factor> burtonFactors = new ArrayList<>();
        List<Factor> robinsonFactors = new ArrayList<>();
        List<Factor> chiFactors = new ArrayList<>();

        float bayTop = 0;
        float bayBot = 0;
        int bayUsed = 0;
        double abayTop = 0;
        double abayBot = 0;
        int abayUsed = 0;
        float robTop = 0;
        float robBot = 0;
        int robUsed = 0;
        // DSPAM's naive Bayes reuses the last value read in this walk (see below).
        double lastProbability = 0;
        long n = Math.min(ranked.size(), ROBINSON_WINDOW);

        for (long key : ranked) {
            Term term = diction.find(key);
            if (term == null || term.isBnrPattern() || term.name() == null) {
                continue;
            }
            String name = term.name();
            double p = term.probability();
            if (forcedSpam != null) {
                p = forcedSpam ? 1.00 : 0.00;
            }
            lastProbability = p;

            if (algorithms.contains(Algorithm.GRAHAM) && bayUsed < GRAHAM_WINDOW) {
                grahamFactors.add(new Factor(name, (float) p));
                if (bayUsed == 0) {
                    bayTop = (float) p;
                    bayBot = (float) (1 - p);
                } else {
                    bayTop = (float) (bayTop * p);
                    bayBot = (float) (bayBot * (1 - p));
                }
                bayUsed++;
            }

            if (algorithms.contains(Algorithm.BURTON) && abayUsed < BURTON_WINDOW) {
                burtonFactors.add(new Factor(name, (float) p));
                if (abayUsed == 0) {
                    abayTop = p;
                    abayBot = 1 - p;
                } else {
                    abayTop *= p;
                    abayBot *= 1 - p;
                }
                abayUsed++;
                if (abayUsed < BURTON_WINDOW && term.frequency() > 1) {
                    burtonFactors.add(new Factor(name, (float) p));
                    abayUsed++;
                    abayTop *= p;
                    abayBot *= 1 - p;
                }
            }

            if (robUsed < ROBINSON_WINDOW) {
                float probability = (float) (((ROB_S * ROB_X) + (n * p)) / (ROB_S + n));
                robinsonFactors.add(new Factor(name, (float) p));
                if (probability < 0.3 || probability > 0.7) {
                    if (robUsed == 0) {
                        robTop = probability;
                        robBot = 1 - probability;
                    } else {
                        robTop *= probability;
                        robBot *= 1 - probability;
                    }
                    robUsed++;
                    if (robUsed < ROBINSON_WINDOW && term.frequency() > 1) {
                        robinsonFactors.add(new Factor(name, (float) p));
                        robUsed++;
                        robTop *= probability;
                        robBot *= 1 - probability;
                    }
                }
            }
        }

        float nbayTop = 0;
        float nbayBot = 0;
        int nbayUsed = 0;
        double chiS = 1.0;
        double chiH = 1.0;
        long chiSx = 0;
        long chiHx = 0;
        long chiUsed = 0;
        if (algorithms.contains(Algorithm.CHI_SQUARE) || algorithms.contains(Algorithm.NAIVE)) {
            for (Term term : diction.terms()) {
                if (algorithms.contains(Algorithm.NAIVE)) {
                    // DSPAM multiplies a stale value here: the probability of the last token
                    // visited in the ranked walk, once per token of the message.
                    naiveFactors.add(new Factor(term.name(), (float) lastProbability));
                    if (nbayUsed == 0) {
                        nbayTop = (float) lastProbability;
                        nbayBot = (float) (1 - lastProbability);
                    } else {
                        nbayTop = (float) (nbayTop * lastProbability);
                        nbayBot = (float) (nbayBot * (1 - lastProbability));
                    }
                    nbayUsed++;
                }
                if (algorithms.contains(Algorithm.CHI_SQUARE) && !term.isBnrPattern()) {
                    double fw;
                    if (pvalue == PValue.ROBINSON) {
                        fw = term.probability();
                    } else {
                        int hits = (int) (term.spamHits() + term.innocentHits());
                        fw = ((CHI_S * CHI_X) + (hits * term.probability())) / (CHI_S + hits);
                    }
                    if (Math.abs(0.5 - fw) > CHI_EXCLUSION) {
                        chiFactors.add(new Factor(term.name(), (float) term.probability()));
                        chiUsed++;
                        chiS *= 1.0 - fw;
                        chiH *= fw;
                        if (chiS < 1e-200) {
                            int e = exponent(chiS);
                            chiS = Math.scalb(chiS, -e);
                            chiSx += e;
                        }
                        if (chiH < 1e-200) {
                            int e = exponent(chiH);
                            chiH = Math.scalb(chiH, -e);
                            chiHx += e;
                        }
                    }
                }
            }
        }

        float nbayResult = -1;
        float bayResult = -1;
        double abayResult = -1;
        float chiResult = -1;
        if (algorithms.contains(Algorithm.NAIVE)) {
            nbayResult = nbayTop / (nbayTop + nbayBot);
        }
        if (algorithms.contains(Algorithm.GRAHAM)) {
            bayResult = bayTop / (bayTop + bayBot);
        }
        if (algorithms.contains(Algorithm.BURTON)) {
            abayResult = abayTop / (abayTop + abayBot);
        }
        double s = 0;
        if (robUsed != 0) {
            double p = 1.0 - Math.pow(robBot, 1.0 / robUsed);
            double q = 1.0 - Math.pow(robTop, 1.0 / robUsed);
            s = (p - q) / (p + q);
            s = (s + 1.0) / 2.0;
        }
        float robResult = (float) s;
        if (algorithms.contains(Algorithm.CHI_SQUARE)) {
            double ls = Math.log(chiS) + chiSx * LN2;
            double lh = Math.log(chiH) + chiHx * LN2;
            if (chiUsed != 0) {
                double cs = 1.0 - chi2Q(-2.0 * ls, 2 * chiUsed);
                double ch = 1.0 - chi2Q(-2.0 * lh, 2 * chiUsed);
                chiResult = (float) (((cs - ch) + 1.0) / 2.0);
            } else {
                chiResult = (float) (CHI_CUTOFF - 0.1);
            }
        }

        boolean spam;
        float probability = -1;
        List<Factor> factors = null;
        if (forcedSpam != null) {
            spam = forcedSpam;
            probability = forcedSpam ? 1.0f : 0.0f;
        } else {
            spam = false;
            List<Factor> factor = null;
            if (algorithms.contains(Algorithm.NAIVE)) {
                factor = naiveFactors;
                if (fires(markov, nbayResult, 0.9)) {
                    spam = true;
                    probability = nbayResult;
                    factors = factor;
                }
            }
            if (algorithms.contains(Algorithm.GRAHAM)) {
                factor = grahamFactors;
                if (fires(markov, bayResult, 0.9)) {
                    spam = true;
                    probability = bayResult;
                    factors = factor;
                }
            }
            if (algorithms.contains(Algorithm.BURTON)) {
                factor = burtonFactors;
                if (fires(markov, abayResult, 0.9)) {
                    spam = true;
                    probability = (float) abayResult;
                    if (factors == null) {
                        factors = factor;
                    }
                }
            }
            if (algorithms.contains(Algorithm.ROBINSON)) {
                factor = robinsonFactors;
                if (fires(markov, robResult, ROB_CUTOFF)) {
                    spam = true;
                    if (probability < 0) {
                        probability = robResult;
                    }
                    if (factors == null) {
                        factors = factor;
                    }
                }
            }
            if (algorithms.contains(Algorithm.CHI_SQUARE)) {
                factor = chiFactors;
                if (fires(markov, chiResult, CHI_CUTOFF)) {
                    spam = true;
                    if (probability < 0) {
                        probability = chiResult;
                    }
                    if (factors == null) {
                        factors = factor;
                    }
                }
            }
            if (factors == null) {
                factors = factor;
            }
        }

        if (probability == -1) {
            if (algorithms.contains(Algorithm.GRAHAM)) {
                probability = bayResult;
            }
            if (algorithms.contains(Algorithm.NAIVE)) {
                probability = nbayResult;
            }
            if (probability < 0 && algorithms.contains(Algorithm.BURTON)) {
                probability = (float) abayResult;
            }
            if (probability < 0 && algorithms.contains(Algorithm.ROBINSON)) {
                probability = robResult;
            }
            if (probability < 0 && algorithms.contains(Algorithm.CHI_SQUARE)) {
                probability = chiResult;
            }
        }

        float confidence;
        if (markov) {
            confidence = spam ? probability : (float) (1.0 - probability);
        } else {
            confidence = spam ? robResult : (float) (1.0 - robResult);
        }
        return new Result(spam, probability, confidence, factors == null ? List.of() : factors);
    }

    private static boolean fires(boolean markov, double value, double cutoff) {
        return markov ? value > 0.5000 : value >= cutoff;
    }

    /** The exponent C's frexp returns: value = mantissa * 2^exponent with mantissa in [0.5, 1). */
    private static int exponent(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return 0;
        }
        int e = Math.getExponent(value);
        if (e == Double.MIN_EXPONENT - 1) { // subnormal
            return exponent(value * 0x1p64) - 64;
        }
        return e + 1;
    }

    /** The chi-square survival series DSPAM uses: m = x/2, e^-m * sum of m^j/j! for j below v/2. */
    static double chi2Q(double x, long v) {
        double m = x / 2.0;
        double s = Math.exp(-m);
        double t = s;
        for (long i = 1; i < v / 2; i++) {
            t *= m / i;
            s += t;
        }
        return Math.min(s, 1.0);
    }
}
