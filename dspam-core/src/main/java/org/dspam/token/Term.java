package org.dspam.token;

/**
 * One distinct token of a message: its id, its text, how often it occurred, and the statistics
 * the engine loads and updates for it.
 */
public final class Term {
    /** An ordinary token. */
    public static final char TYPE_DATA = 'D';
    /** A Bayesian Noise Reduction pattern: trained, never scored. */
    public static final char TYPE_BNR = 'B';

    private final long key;
    private String name;
    private final int sequence;
    int frequency = 1;
    char type = TYPE_DATA;
    long spamHits;
    long innocentHits;
    long storedSpamHits;
    long storedInnocentHits;
    double probability;
    boolean dirty;

    Term(long key, String name, int sequence) {
        this.key = key;
        this.name = name;
        this.sequence = sequence;
    }

    public long key() {
        return key;
    }

    /** The token's text; null for tokens known only by id (e.g. loaded from a signature). */
    public String name() {
        return name;
    }

    void nameIfAbsent(String n) {
        if (name == null) {
            name = n;
        }
    }

    int sequence() {
        return sequence;
    }

    public int frequency() {
        return frequency;
    }

    public void setFrequency(int frequency) {
        this.frequency = frequency;
    }

    public char type() {
        return type;
    }

    public void setType(char type) {
        this.type = type;
    }

    public boolean isBnrPattern() {
        return type == TYPE_BNR;
    }

    public long spamHits() {
        return spamHits;
    }

    public long innocentHits() {
        return innocentHits;
    }

    public void setHits(long spam, long innocent) {
        this.spamHits = spam;
        this.innocentHits = innocent;
    }

    /** Sets the counts as read from storage; learning later writes the difference. */
    public void load(long spam, long innocent) {
        this.spamHits = spam;
        this.innocentHits = innocent;
        this.storedSpamHits = spam;
        this.storedInnocentHits = innocent;
    }

    public long storedSpamHits() {
        return storedSpamHits;
    }

    public long storedInnocentHits() {
        return storedInnocentHits;
    }

    public double probability() {
        return probability;
    }

    public void setProbability(double probability) {
        this.probability = probability;
    }

    /** Whether training changed this token so that it must be written back. */
    public boolean isDirty() {
        return dirty;
    }

    public void setDirty(boolean dirty) {
        this.dirty = dirty;
    }

    @Override
    public String toString() {
        return (name != null ? name : Long.toUnsignedString(key)) + " [" + type + " f=" + frequency + " s=" + spamHits + " i=" + innocentHits + "]";
    }
}
