package org.dspam.storage;

/**
 * A user's eight counters, in DSPAM's order.
 *
 * @param spamLearned messages learned as spam
 * @param innocentLearned messages learned as innocent
 * @param spamMisclassified spam that had been classified innocent and was retrained
 * @param innocentMisclassified innocent mail that had been classified spam and was retrained
 * @param spamCorpusfed spam fed as corpus or inoculation
 * @param innocentCorpusfed innocent mail fed as corpus or inoculation
 * @param spamClassified spam classified without learning (train-on-error)
 * @param innocentClassified innocent mail classified without learning (train-on-error)
 */
public record Totals(long spamLearned, long innocentLearned, long spamMisclassified, long innocentMisclassified,
                     long spamCorpusfed, long innocentCorpusfed, long spamClassified, long innocentClassified) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

    public static Totals of(long[] v) {
        return new Totals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    public long[] toArray() {
        return new long[] {spamLearned, innocentLearned, spamMisclassified, innocentMisclassified,
            spamCorpusfed, innocentCorpusfed, spamClassified, innocentClassified};
    }

    public Totals plus(Totals d) {
        long[] a = toArray();
        long[] b = d.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return of(a);
    }

    public Totals minus(Totals d) {
        long[] a = toArray();
        long[] b = d.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] -= b[i];
        }
        return of(a);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** Negative learned/misclassified/classified counters are stored as 0 (DSPAM's rule; corpusfed is left alone). */
    public Totals storable() {
        return new Totals(Math.max(0, spamLearned), Math.max(0, innocentLearned), Math.max(0, spamMisclassified),
                Math.max(0, innocentMisclassified), spamCorpusfed, innocentCorpusfed, Math.max(0, spamClassified),
                Math.max(0, innocentClassified));
    }
}
