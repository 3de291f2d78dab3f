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
    private int index;
    /** The text, or null until it is first asked for when the text is kept in parts (see below). */
    private String name;
    /** A sparse key's text is kept as its first word (with any heading), a gap and its second word. */
    private final String first;
    private final String second;
    private final byte gap;
    private int bucket;
    private int complexity = -1;
    /** Whether the text starts with {@code bnr.}, decided while the text's parts are fresh in the cache. */
    private boolean bnrName;
    int frequency = 1;
    char type = TYPE_DATA;
    /** Frequency and type as tokenized, restored before each run. */
    private int baseFrequency;
    private char baseType;
    // Counts are stored in 28 bits, so ints hold them and keep a message's terms small.
    private int spamHits;
    private int innocentHits;
    private int storedSpamHits;
    private int storedInnocentHits;
    double probability;
    boolean probabilityKnown;
    boolean dirty;

    /**
     * @param bnrName whether the text starts with {@code bnr.}: the caller knows for a BNR pattern, whose text is
     *                then not read (it sits in a shared table, and reading it would cost a cache miss per pattern)
     */
    Term(long key, String name, String first, int gap, String second, int index, int bucket, boolean bnrName) {
        this.key = key;
        this.bucket = bucket;
        this.name = name;
        this.first = first;
        this.gap = (byte) gap;
        this.second = second;
        this.index = index;
        this.bnrName = bnrName;
    }

    /** A term whose text (whole or in parts) is read now to tell whether it starts with {@code bnr.}. */
    Term(long key, String name, String first, int gap, String second, int index, int bucket) {
        this(key, name, first, gap, second, index, bucket, false);
        String head = name != null ? name : first;
        this.bnrName = head != null && !head.isEmpty() && head.charAt(0) == 'b' && nameStartsWith(BNR_PREFIX);
    }

    private static final String BNR_PREFIX = "bnr.";

    /**
     * Whether the text starts with {@code bnr.}, as BNR patterns' texts do (and, rarely, a
     * message's own word): such tokens are written even by a train-on-error classification.
     */
    public boolean hasBnrName() {
        return bnrName;
    }

    /** Records the tokenized frequency and type as the state each run starts from. */
    void freeze() {
        baseFrequency = frequency;
        baseType = type;
    }

    /** Back to the tokenized state: no statistics, no flags. */
    void resetRun() {
        frequency = baseFrequency;
        type = baseType;
        spamHits = 0;
        innocentHits = 0;
        storedSpamHits = 0;
        storedInnocentHits = 0;
        probability = 0;
        probabilityKnown = false;
        dirty = false;
    }

    /** A fresh term with the same identity and tokenized state. */
    Term copy() {
        Term t = new Term(key, name, first, gap, second, index, bucket, bnrName);
        t.frequency = baseFrequency;
        t.type = baseType;
        t.freeze();
        return t;
    }

    /** Moves a term made in one diction (a BNR pattern) into another, as its insertion {@code index}. */
    void moveTo(int index, int bucket) {
        this.index = index;
        this.bucket = bucket;
    }

    int index() {
        return index;
    }

    /** The diction bucket ({@code id mod buckets}) that orders this term. */
    int bucket() {
        return bucket;
    }

    /** 1 + the joins in the name ({@link Complexity}), without building a sparse key's text. */
    public int complexity() {
        if (complexity < 0) {
            if (first != null && !first.endsWith("+")) {
                complexity = Complexity.of(first) + gap + 1;
            } else {
                complexity = Complexity.of(name());
            }
        }
        return complexity;
    }

    public long key() {
        return key;
    }

    /** The token's text; null for tokens known only by id (e.g. loaded from a signature). */
    public String name() {
        if (name == null && first != null) {
            name = first + Tokenizer.GAPS[gap] + second;
        }
        return name;
    }

    /** Whether the text starts with {@code prefix}, without building a sparse key's text when its first part decides. */
    public boolean nameStartsWith(String prefix) {
        if (name != null || first == null) {
            return name != null && name.startsWith(prefix);
        }
        // Walk first, gap and second in turn, as the built text would read.
        int matched = partPrefix(first, prefix, 0);
        if (matched < 0 || matched == prefix.length()) {
            return matched == prefix.length();
        }
        matched = partPrefix(Tokenizer.GAPS[gap], prefix, matched);
        if (matched < 0 || matched == prefix.length()) {
            return matched == prefix.length();
        }
        return partPrefix(second, prefix, matched) == prefix.length();
    }

    /** How much of {@code prefix} is matched after {@code part}, continuing from {@code from}; -1 on a mismatch. */
    private static int partPrefix(String part, String prefix, int from) {
        int n = Math.min(part.length(), prefix.length() - from);
        for (int i = 0; i < n; i++) {
            if (part.charAt(i) != prefix.charAt(from + i)) {
                return -1;
            }
        }
        return from + n;
    }

    void nameIfAbsent(String n) {
        if (name == null && first == null) {
            name = n;
            bnrName = n != null && n.startsWith(BNR_PREFIX);
        }
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
        this.spamHits = saturate(spam);
        this.innocentHits = saturate(innocent);
    }

    private static int saturate(long count) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, count));
    }

    /** Sets the counts as read from storage; learning later writes the difference. */
    public void load(long spam, long innocent) {
        setHits(spam, innocent);
        this.storedSpamHits = spamHits;
        this.storedInnocentHits = innocentHits;
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
        this.probabilityKnown = true;
    }

    /** Whether a probability has been computed for this token in this run. */
    public boolean probabilityKnown() {
        return probabilityKnown;
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
