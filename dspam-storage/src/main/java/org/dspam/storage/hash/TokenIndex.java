package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dspam.storage.StorageException;

/**
 * An in-memory summary of a {@code .css} file that lets a lookup skip the file: an {@link ExtentTable} of every
 * stored token (one cache line tells whether a token can be stored and in which extents: an unknown token costs
 * that line instead of a probe in every extent, a known one a probe in its own extent only) and one fingerprint
 * byte per slot (0 = empty), so that DSPAM's probe walks run in memory and the file is read only where a
 * fingerprint matches. A bit per slot, set while the slot is empty, lets an insertion find its slot in an
 * extent from one or two words (that bit array, a thirty-second of the file's record count in bytes, stays in the
 * processor's cache, where the fingerprints of the many extents an insertion passes do not).
 *
 * <p>Cost: one byte and one bit per slot plus 3.3 bytes per slot for the table (4 after a growing file outgrew it,
 * less as the file fills that room; 18-21 % of the file size), built by one sequential read of the file. It is kept
 * only by a long-running process, and only while nothing else changes the file (see {@link UserFileCache}).
 */
final class TokenIndex implements Slots {
    /** The table is sized for this much more than the file holds now, so that it is rebuilt rarely as it grows. */
    private static final double HEADROOM = 1.25;
    /**
     * When a growing file outgrows the table: rebuilding reads every key, so a file that grew is given more room
     * (six rebuilds instead of ten, and 45 % of the reading, on the way to the corpus run's 3.5 million slots).
     */
    private static final double GROWTH_HEADROOM = 1.5;

    /** How many tokens the table's build and rebuilds add at a time (see {@link #addAll}). */
    private static final int BATCH = 256;

    private final CssFile file;
    /** Per extent: a fingerprint per slot, and how many slots are empty. */
    private byte[][] fingerprints = new byte[0][];
    private int[] free = new int[0];
    /** Per extent: a bit per slot, set while the slot is empty. */
    private long[][] empty = new long[0][];
    private ExtentTable table;
    private long tableCapacity;
    /** Keeps the loads of {@link #insertionsAhead} and {@link #addAll} from being optimised away. */
    private long touched;

    private TokenIndex(CssFile file) {
        this.file = file;
    }

    /** Reads every key of the file once. */
    static TokenIndex build(CssFile file) {
        TokenIndex ix = new TokenIndex(file);
        ix.sizeTable(file.slots(), HEADROOM);
        ix.fingerprints = new byte[file.extentCount()][];
        ix.free = new int[file.extentCount()];
        ix.empty = new long[file.extentCount()][];
        for (Extent e : file.extents()) {
            ix.fingerprints[e.index()] = ix.scan(e);
        }
        return ix;
    }

    /**
     * Reads an extent's keys with plain reads rather than through the mapping, so that building the index does
     * not leave the whole file resident in this process (the pages stay in the page cache, shared).
     */
    private byte[] scan(Extent e) {
        byte[] fp = new byte[e.slots()];
        long[] bits = new long[words(e.slots())];
        int empty = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(CssFormat.RECORD_BYTES * 8192).order(ByteOrder.LITTLE_ENDIAN);
        long[] batch = new long[BATCH];
        long pos = e.offset() + CssFormat.HEADER_BYTES;
        int slot = 0;
        try {
            while (slot < fp.length) {
                int n = Math.min(8192, fp.length - slot);
                buf.clear();
                buf.limit(n * CssFormat.RECORD_BYTES);
                CssChain.readFully(file.channel(), buf, pos);
                int added = 0;
                for (int i = 0; i < n; i++) {
                    long k = buf.getLong(i * CssFormat.RECORD_BYTES);
                    if (k != 0) {
                        fp[slot + i] = fingerprint(k);
                        batch[added++] = mix(k);
                        if (added == BATCH) {
                            addAll(batch, added, e.index());
                            added = 0;
                        }
                    } else {
                        empty++;
                        bits[(slot + i) >>> 6] |= 1L << (slot + i);
                    }
                }
                addAll(batch, added, e.index());
                slot += n;
                pos += (long) n * CssFormat.RECORD_BYTES;
            }
        } catch (IOException ex) {
            throw StorageException.transientFailure("Cannot read " + file.path() + ": " + ex.getMessage(), ex);
        }
        free[e.index()] = empty;
        this.empty[e.index()] = bits;
        return fp;
    }

    private void sizeTable(long slots, double headroom) {
        tableCapacity = (long) (Math.max(slots, 1024) * headroom);
        table = ExtentTable.forTokens(tableCapacity);
    }

    /** Memory held, in bytes. */
    long bytes() {
        long n = table.bytes() + free.length * 4L;
        for (byte[] fp : fingerprints) {
            n += fp.length + words(fp.length) * 8L;
        }
        return n;
    }

    /**
     * The extents where {@code key} may be stored, as bits ({@link ExtentTable#candidates}): 0 when it is certainly
     * not stored, {@link ExtentTable#ALL} when every extent must be looked at.
     */
    long candidates(long key) {
        return table.candidates(mix(key));
    }

    /** {@link #candidates} of a token given {@link #mix}ed. */
    long candidatesOfMixed(long mixed) {
        return table.candidates(mixed);
    }

    /** Reads the token's line of the table; returns a word of it. */
    long touchLine(long key) {
        return table.touch(mix(key));
    }

    /** {@link #touchLine} of a token given {@link #mix}ed. */
    long touchLineOfMixed(long mixed) {
        return table.touch(mixed);
    }

    /** Reads the fingerprint of a slot; returns it. */
    long touchFingerprint(int extent, int slot) {
        return fingerprints[extent][slot];
    }

    /**
     * Reads, in one short loop, what {@link #inserted} will read for each of a commit's new records (the token's
     * line of the table and the slot's fingerprint), so that their cache misses overlap.
     */
    void insertionsAhead(CommitPlan plan) {
        long sink = 0;
        for (int i = 0, n = plan.newRecordCount(); i < n; i++) {
            long loc = plan.newRecordLocation(i);
            sink += touchLine(plan.newRecordKey(i)) + touchFingerprint(Locations.extent(loc), Locations.slot(loc));
        }
        touched = sink;
    }

    /** A record was stored in a slot that was empty. */
    void inserted(Extent e, int slot, long key) {
        fingerprints[e.index()][slot] = fingerprint(key);
        free[e.index()]--;
        empty[e.index()][slot >>> 6] &= ~(1L << slot);
        table.add(mix(key), e.index());
    }

    /** Whether an extent has no empty slot left (an insert need not look there). */
    boolean full(int extent) {
        return extent < free.length && free[extent] == 0;
    }

    /** Extents were appended to the file; a table that has grown too full is rebuilt from the file's keys. */
    void extentsAppended() {
        int had = fingerprints.length;
        fingerprints = java.util.Arrays.copyOf(fingerprints, file.extentCount());
        free = java.util.Arrays.copyOf(free, file.extentCount());
        empty = java.util.Arrays.copyOf(empty, file.extentCount());
        for (int i = had; i < fingerprints.length; i++) {
            int n = file.extent(i).slots();
            fingerprints[i] = new byte[n];
            free[i] = n;
            empty[i] = new long[words(n)];
            java.util.Arrays.fill(empty[i], -1L);
            if ((n & 63) != 0) {
                empty[i][empty[i].length - 1] = -1L >>> (64 - (n & 63));
            }
        }
        if (file.slots() > tableCapacity) {
            sizeTable(file.slots(), GROWTH_HEADROOM);
            long[] batch = new long[BATCH];
            for (Extent e : file.extents()) {
                byte[] fp = fingerprints[e.index()];
                int n = 0;
                for (int s = 0; s < fp.length; s++) {
                    if (fp[s] != 0) {
                        batch[n++] = mix(file.key(e, s));
                        if (n == BATCH) {
                            addAll(batch, n, e.index());
                            n = 0;
                        }
                    }
                }
                addAll(batch, n, e.index());
            }
        }
    }

    /**
     * Adds tokens (mixed) of an extent to the table: first reads each one's line, in a short loop, so that those
     * cache misses overlap, where adding one at a time waits for each line in turn.
     */
    private void addAll(long[] hashes, int n, int extent) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += table.touch(hashes[i]);
        }
        touched = sink;
        for (int i = 0; i < n; i++) {
            table.add(hashes[i], extent);
        }
    }

    /**
     * {@link Probe#find} over the fingerprints, with the common case (both DSPAM walks on the same consecutive
     * slots) as a plain loop.
     */
    int find(Extent e, long key, byte want, int maxSeek) {
        int n = e.slots();
        int start = CssFormat.startSlot(key, n, e.pow2());
        if (e.pow2() || !CssFormat.windowsAgree(start, n, maxSeek)) {
            return Probe.find(e, key, maxSeek, this);
        }
        byte[] fp = fingerprints[e.index()];
        for (int s = start, end = start + maxSeek; s < end; s++) {
            byte f = fp[s];
            if (f == 0) {
                return -1;
            }
            if (f == want && file.key(e, s) == key) {
                return s;
            }
        }
        // The release looks at one slot more, which may already be past its early wrap.
        int last = CssFormat.nextReleaseSlot(start + maxSeek - 1, n);
        byte f = fp[last];
        return f == want && file.key(e, last) == key ? last : -1;
    }

    @Override
    public int test(Extent e, int slot, long key) {
        byte fp = fingerprints[e.index()][slot];
        if (fp == 0) {
            return EMPTY;
        }
        if (fp != fingerprint(key)) {
            return OTHER;
        }
        return file.key(e, slot) == key ? MATCH : OTHER;
    }

    @Override
    public int firstEmpty(Extent e, int from, int to, long key) {
        if (from >= to) {
            return -1;
        }
        long[] bits = empty[e.index()];
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        while (word == 0) {
            if (++w << 6 >= to) {
                return -1;
            }
            word = bits[w];
        }
        int s = (w << 6) + Long.numberOfTrailingZeros(word);
        return s < to ? s : -1;
    }

    private static int words(int slots) {
        return (slots + 63) >>> 6;
    }

    static byte fingerprint(long key) {
        return fingerprintOfMixed(mix(key));
    }

    /** {@link #fingerprint} of a token given {@link #mix}ed. */
    static byte fingerprintOfMixed(long mixed) {
        return (byte) (1 + (mixed >>> 7) % 255);
    }

    /** The token's bits spread over the whole word: what the table and the fingerprints are taken from. */
    static long mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
