package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dspam.storage.StorageException;

/**
 * An in-memory summary of a {@code .css} file that lets a lookup skip the file: a blocked Bloom filter of every
 * stored token (an unknown token costs one cache line instead of a probe in every extent) and one fingerprint byte
 * per slot (0 = empty), so that DSPAM's probe walks run in memory and the file is read only where a fingerprint
 * matches.
 *
 * <p>Cost: one byte per slot plus 1.6 bytes per slot for the filter (1.9 after a growing file outgrew it, less as
 * the file fills that room; 10-12 % of the file size), built by one sequential read of the file. It is kept only by a long-running process, and only while nothing else changes
 * the file (see {@link UserFileCache}).
 */
final class TokenIndex implements Slots {
    /** Filter bits per slot the filter is sized for. */
    private static final int BITS_PER_SLOT = 10;
    /** The filter is sized for this much more than the file holds now, so that it is rebuilt rarely as it grows. */
    private static final double HEADROOM = 1.25;
    /**
     * When a growing file outgrows the filter: rebuilding reads every key, so a file that grew is given more room
     * (six rebuilds instead of ten, and 45 % of the reading, on the way to the corpus run's 3.5 million slots).
     */
    private static final double GROWTH_HEADROOM = 1.5;

    private final CssFile file;
    /** Per extent: a fingerprint per slot, and how many slots are empty. */
    private byte[][] fingerprints = new byte[0][];
    private int[] free = new int[0];
    private long[] filter;
    private long filterBlocks;
    private long filterCapacity;

    private TokenIndex(CssFile file) {
        this.file = file;
    }

    /** Reads every key of the file once. */
    static TokenIndex build(CssFile file) {
        TokenIndex ix = new TokenIndex(file);
        ix.sizeFilter(file.slots(), HEADROOM);
        ix.fingerprints = new byte[file.extentCount()][];
        ix.free = new int[file.extentCount()];
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
        int empty = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(CssFormat.RECORD_BYTES * 8192).order(ByteOrder.LITTLE_ENDIAN);
        long pos = e.offset() + CssFormat.HEADER_BYTES;
        int slot = 0;
        try {
            while (slot < fp.length) {
                int n = Math.min(8192, fp.length - slot);
                buf.clear();
                buf.limit(n * CssFormat.RECORD_BYTES);
                CssChain.readFully(file.channel(), buf, pos);
                for (int i = 0; i < n; i++) {
                    long k = buf.getLong(i * CssFormat.RECORD_BYTES);
                    if (k != 0) {
                        fp[slot + i] = fingerprint(k);
                        add(k);
                    } else {
                        empty++;
                    }
                }
                slot += n;
                pos += (long) n * CssFormat.RECORD_BYTES;
            }
        } catch (IOException ex) {
            throw StorageException.transientFailure("Cannot read " + file.path() + ": " + ex.getMessage(), ex);
        }
        free[e.index()] = empty;
        return fp;
    }

    private void sizeFilter(long slots, double headroom) {
        filterCapacity = (long) (Math.max(slots, 1024) * headroom);
        filterBlocks = Math.max(1, filterCapacity * BITS_PER_SLOT / 512);
        filter = new long[Math.toIntExact(filterBlocks * 8)];
    }

    /** Memory held, in bytes. */
    long bytes() {
        long n = (long) filter.length * 8 + free.length * 4L;
        for (byte[] fp : fingerprints) {
            n += fp.length;
        }
        return n;
    }

    boolean mightContain(long key) {
        long h = mix(key);
        int base = block(h);
        long bits = h;
        for (int i = 0; i < 6; i++) {
            int bit = (int) (bits & 511);
            if ((filter[base + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
            bits >>>= 9;
        }
        return true;
    }

    private void add(long key) {
        long h = mix(key);
        int base = block(h);
        long bits = h;
        for (int i = 0; i < 6; i++) {
            int bit = (int) (bits & 511);
            filter[base + (bit >>> 6)] |= 1L << bit;
            bits >>>= 9;
        }
    }

    private int block(long h) {
        return (int) (Math.multiplyHigh(h >>> 1, filterBlocks << 1) * 8);
    }

    /** A record was stored in a slot that was empty. */
    void inserted(Extent e, int slot, long key) {
        fingerprints[e.index()][slot] = fingerprint(key);
        free[e.index()]--;
        add(key);
    }

    /** Whether an extent has no empty slot left (an insert need not look there). */
    boolean full(int extent) {
        return extent < free.length && free[extent] == 0;
    }

    /** Extents were appended to the file; a filter that has grown too full is rebuilt from the file's keys. */
    void extentsAppended() {
        int had = fingerprints.length;
        fingerprints = java.util.Arrays.copyOf(fingerprints, file.extentCount());
        free = java.util.Arrays.copyOf(free, file.extentCount());
        for (int i = had; i < fingerprints.length; i++) {
            fingerprints[i] = new byte[file.extent(i).slots()];
            free[i] = fingerprints[i].length;
        }
        if (file.slots() > filterCapacity) {
            sizeFilter(file.slots(), GROWTH_HEADROOM);
            for (Extent e : file.extents()) {
                byte[] fp = fingerprints[e.index()];
                for (int s = 0; s < fp.length; s++) {
                    if (fp[s] != 0) {
                        add(file.key(e, s));
                    }
                }
            }
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

    static byte fingerprint(long key) {
        return (byte) (1 + Long.remainderUnsigned(mix(key) >>> 7, 255));
    }

    private static long mix(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
