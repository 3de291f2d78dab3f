package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;

/**
 * Works out, without writing anything, every byte range one commit changes: updated records, new records (in new
 * extents if needed), and the totals. Planned new records count as occupied for later tokens of the same commit.
 *
 * <p>A kept file keeps its plan between commits ({@link #start}), so that its maps and arrays, sized by the last
 * commit, are emptied rather than allocated and grown again for every commit.
 */
final class CommitPlan implements Slots {
    /**
     * Per changed record, in {@link #records}: its offset, the token id (0 for an empty slot) and the innocent and
     * spam words before, the token id after, the words after, and its location.
     */
    private static final int STRIDE = 8;
    private static final int OFFSET = 0;
    private static final int KEY_BEFORE = 1;
    private static final int INNOCENT_BEFORE = 2;
    private static final int SPAM_BEFORE = 3;
    private static final int KEY = 4;
    private static final int INNOCENT_AFTER = 5;
    private static final int SPAM_AFTER = 6;
    private static final int LOCATION = 7;

    private CssFile file;
    private Slots stored;
    private final HashSettings settings;
    private final List<Extent> added = new ArrayList<>();
    /** Planned new records: location to token. */
    private final LongLongMap plannedTokens;
    /**
     * Changed records in the order first changed (see {@link #STRIDE}), and token to index there. A record holds
     * one token, and a new token goes only into a slot that is empty and not planned, so a token names its record.
     */
    private long[] records;
    private int recordCount;
    private final LongLongMap changed;
    /** New records in planning order: where, and which token. */
    private long[] newLocations;
    private long[] newKeys;
    private int newCount;
    private Totals totalsAfter;
    private byte[] totalsBefore;
    /** Where the journal record is encoded; reused by the next commit once this one is done. */
    private byte[] encoded = new byte[0];

    /** The most changes a new plan is sized for: its maps never shrink below that while the file is kept. */
    private static final int PRESIZE_LIMIT = 4096;

    /**
     * A plan sized for {@code changes} token changes (up to {@link #PRESIZE_LIMIT}), so that a file opened afresh (a
     * user the process has not kept open) plans its first commit without growing its maps and arrays step by step.
     */
    CommitPlan(CssFile file, Slots stored, HashSettings settings, int changes) {
        this.file = file;
        this.stored = stored;
        this.settings = settings;
        int n = Math.min(Math.max(256, changes), PRESIZE_LIMIT);
        plannedTokens = new LongLongMap(n);
        changed = new LongLongMap(n);
        records = new long[STRIDE * n];
        newLocations = new long[n];
        newKeys = new long[n];
    }

    /** Empties the plan for a new commit to {@code file}; the last commit's record must no longer be in use. */
    CommitPlan start(CssFile file, Slots stored) {
        this.file = file;
        this.stored = stored;
        added.clear();
        plannedTokens.clear();
        changed.clear();
        recordCount = 0;
        newCount = 0;
        totalsAfter = null;
        totalsBefore = null;
        return this;
    }

    /**
     * Plans one token change.
     *
     * @param known where the token is stored, {@link Locations#NONE} when it is known to be absent, or
     *     {@link LongLongMap#MISSING} when not looked up yet
     * @return the token's location after the commit, or {@link Locations#NONE} when it stays absent
     */
    long change(long key, long spamDelta, long innocentDelta, long known) {
        long at = changed.get(key);
        if (at != LongLongMap.MISSING) {
            // The token was changed before in this commit: its record's planned words are the ones to change.
            int a = (int) at;
            records[a + INNOCENT_AFTER] = TokenChanges.apply(records[a + INNOCENT_AFTER] & CssFormat.COUNT_MASK,
                    innocentDelta);
            records[a + SPAM_AFTER] = TokenChanges.apply(records[a + SPAM_AFTER] & CssFormat.COUNT_MASK, spamDelta);
            return records[a + LOCATION];
        }
        long loc = known == LongLongMap.MISSING ? find(key) : known;
        if (loc != Locations.NONE) {
            Extent e = file.extent(Locations.extent(loc));
            int slot = Locations.slot(loc);
            long innocentWord = file.rawInnocent(e, slot);
            long spamWord = file.rawSpam(e, slot);
            long innocentNow = innocentWord & CssFormat.COUNT_MASK;
            long spamNow = spamWord & CssFormat.COUNT_MASK;
            long innocent = TokenChanges.apply(innocentNow, innocentDelta);
            long spam = TokenChanges.apply(spamNow, spamDelta);
            if (innocent == innocentNow && spam == spamNow) {
                return loc;
            }
            int a = addRecord(loc, e.recordOffset(slot), key, key, innocentWord, spamWord);
            // Like DSPAM, an update writes plain counts, which also resets cssclean's age counter.
            records[a + INNOCENT_AFTER] = innocent;
            records[a + SPAM_AFTER] = spam;
            return loc;
        }
        long innocent = TokenChanges.apply(0, innocentDelta);
        long spam = TokenChanges.apply(0, spamDelta);
        if (innocent == 0 && spam == 0) {
            return Locations.NONE;
        }
        loc = place(key);
        plannedTokens.put(loc, key);
        if (newCount == newKeys.length) {
            newLocations = Arrays.copyOf(newLocations, newCount * 2);
            newKeys = Arrays.copyOf(newKeys, newCount * 2);
        }
        newLocations[newCount] = loc;
        newKeys[newCount++] = key;
        Extent e = extent(Locations.extent(loc));
        int a = addRecord(loc, e.recordOffset(Locations.slot(loc)), 0, key, 0, 0);
        records[a + INNOCENT_AFTER] = innocent;
        records[a + SPAM_AFTER] = spam;
        return loc;
    }

    /** A record to change, with its words as stored now (0 for an empty slot); returns its index. */
    private int addRecord(long loc, long offset, long keyBefore, long key, long innocentWord, long spamWord) {
        int at = recordCount * STRIDE;
        if (at == records.length) {
            records = Arrays.copyOf(records, records.length * 2);
        }
        records[at + OFFSET] = offset;
        records[at + KEY_BEFORE] = keyBefore;
        records[at + KEY] = key;
        records[at + INNOCENT_BEFORE] = innocentWord;
        records[at + SPAM_BEFORE] = spamWord;
        records[at + INNOCENT_AFTER] = innocentWord;
        records[at + SPAM_AFTER] = spamWord;
        records[at + LOCATION] = loc;
        changed.put(key, at);
        recordCount++;
        return at;
    }

    /** How many records this commit changes (new ones included). */
    int recordCount() {
        return recordCount;
    }

    /**
     * Writes the changed records from {@code from} to {@code to} (in the order first changed, as the journal record
     * has them) to the file, whose extents include those this commit adds.
     */
    void writeRecords(int from, int to) throws IOException {
        for (int at = from * STRIDE, end = to * STRIDE; at < end; at += STRIDE) {
            long loc = records[at + LOCATION];
            file.putRecord(file.extent(Locations.extent(loc)), Locations.slot(loc), records[at + KEY],
                    records[at + INNOCENT_AFTER], records[at + SPAM_AFTER]);
        }
    }

    /** Plans the totals; called after the last {@link #change}. */
    void totals(Totals stored, Totals delta) {
        totalsAfter = stored.plus(delta).storable();
        totalsBefore = file.get(CssFormat.TOTALS_OFFSET, 64);
    }

    Totals totalsAfter() {
        return totalsAfter;
    }

    List<Extent> addedExtents() {
        return added;
    }

    /** How many tokens this commit stores in slots that were empty. */
    int newRecordCount() {
        return newCount;
    }

    long newRecordLocation(int i) {
        return newLocations[i];
    }

    long newRecordKey(int i) {
        return newKeys[i];
    }

    /** The journal record: new extents' headers, then the changed records in the order planned, then the totals. */
    JournalRecord record(long generation) {
        long after = added.isEmpty() ? file.length() : added.get(added.size() - 1).end();
        int entries = added.size() + recordCount + 1;
        int size = added.size() * JournalRecord.entryBytes(CssFormat.HEADER_BYTES)
                + recordCount * JournalRecord.entryBytes(CssFormat.RECORD_BYTES) + JournalRecord.entryBytes(64);
        int total = JournalRecord.recordBytes(size);
        if (encoded.length < total) {
            encoded = new byte[Math.max(total, encoded.length + encoded.length / 2)];
        }
        JournalRecord.Builder b = JournalRecord.builder(generation, file.length(), after, entries, size, encoded);
        for (Extent e : added) {
            byte[] h = new byte[CssFormat.HEADER_BYTES];
            CssFile.header(e.slots(), e.pow2()).get(h);
            b.bytes(e.offset(), new byte[CssFormat.HEADER_BYTES], h);
        }
        for (int at = 0, end = recordCount * STRIDE; at < end; at += STRIDE) {
            b.record(records[at + OFFSET], records[at + KEY_BEFORE], records[at + INNOCENT_BEFORE],
                    records[at + SPAM_BEFORE], records[at + KEY], records[at + INNOCENT_AFTER], records[at + SPAM_AFTER]);
        }
        byte[] totalsAfterBytes = new byte[64];
        ByteBuffer t = ByteBuffer.wrap(totalsAfterBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : totalsAfter.toArray()) {
            t.putLong(v);
        }
        b.bytes(CssFormat.TOTALS_OFFSET, totalsBefore, totalsAfterBytes);
        return b.build();
    }

    private Extent extent(int i) {
        return i < file.extentCount() ? file.extent(i) : added.get(i - file.extentCount());
    }

    private int extentCount() {
        return file.extentCount() + added.size();
    }

    private long find(long key) {
        for (int i = 0; i < file.extentCount(); i++) {
            Extent e = file.extent(i);
            int s = Probe.find(e, key, settings.maxSeek(), this);
            if (s >= 0) {
                return Locations.of(i, s);
            }
        }
        return Locations.NONE;
    }

    /**
     * A slot for a new token: in the first extent where both DSPAM builds find it; failing that (the token starts
     * where the builds' walks part, near an extent's end) where the file's own build finds it; failing that, in a
     * new extent. Appending an extent for such a token would grow files for nothing, as it can happen to a few
     * tokens in every hundred thousand.
     */
    private long place(long key) {
        for (int i = 0; i < extentCount(); i++) {
            int s = full(i) ? -1 : Probe.insertion(extent(i), key, settings.maxSeek(), this, Probe.Rule.BOTH);
            if (s >= 0) {
                return Locations.of(i, s);
            }
        }
        Probe.Rule own = file.ownRule();
        for (int i = 0; i < extentCount(); i++) {
            int s = full(i) ? -1 : Probe.insertion(extent(i), key, settings.maxSeek(), this, own);
            if (s >= 0) {
                return Locations.of(i, s);
            }
        }
        for (int tries = 0; tries < 4; tries++) {
            Extent e = addExtent();
            int s = Probe.insertion(e, key, settings.maxSeek(), this, Probe.Rule.BOTH);
            if (s >= 0) {
                return Locations.of(e.index(), s);
            }
        }
        throw StorageException.permanentFailure("hash table " + file.path() + " full: no free slot for a token");
    }

    private Extent addExtent() {
        int count = extentCount();
        if (!settings.autoExtend()) {
            throw StorageException.permanentFailure("hash table " + file.path() + " full (HashAutoExtend is off);"
                    + " run cssclean or csscompress, or turn HashAutoExtend on");
        }
        if (settings.maxExtents() > 0 && count >= settings.maxExtents()) {
            throw StorageException.permanentFailure("hash table " + file.path() + " full (HashMaxExtents "
                    + settings.maxExtents() + " reached); run cssclean or csscompress, or raise HashMaxExtents");
        }
        Extent last = extent(count - 1);
        long slots = ExtentSizes.next(settings, last.slots(), last.pow2());
        Extent e = new Extent(count, last.end(), (int) slots, last.pow2());
        added.add(e);
        return e;
    }

    @Override
    public int test(Extent e, int slot, long key) {
        int t = e.index() < file.extentCount() ? stored.test(e, slot, key) : EMPTY;
        if (t != EMPTY || newCount == 0) {
            return t;
        }
        // Records this commit plans go only into slots that are empty in the file.
        long planned = plannedTokens.get(Locations.of(e.index(), slot));
        return planned == LongLongMap.MISSING ? EMPTY : planned == key ? MATCH : OTHER;
    }

    @Override
    public int firstEmpty(Extent e, int from, int to, long key) {
        if (e.index() >= file.extentCount()) {
            return Slots.super.firstEmpty(e, from, to, key);
        }
        int s = stored.firstEmpty(e, from, to, key);
        // Records this commit plans go only into slots that are empty in the file.
        while (s >= 0 && newCount > 0 && plannedTokens.get(Locations.of(e.index(), s)) != LongLongMap.MISSING) {
            s = stored.firstEmpty(e, s + 1, to, key);
        }
        return s;
    }

    /** Whether an extent of the file is known to have no empty slot (with an index), so no insert goes there. */
    private boolean full(int extent) {
        return stored instanceof TokenIndex ix && ix.full(extent);
    }
}
