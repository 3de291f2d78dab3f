package org.dspam.storage.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory summary of a {@code .css} file that lets a lookup skip the file: a blocked Bloom filter of every
 * stored token (an unknown token costs one cache line instead of a probe in every extent) and one fingerprint byte
 * per slot (0 = empty), so that DSPAM's probe walks run in memory and the file is read only where a fingerprint
 * matches.
 *
 * <p>Cost: one byte per slot plus about 1.6 bytes per slot for the filter (about 11 % of the file size), built by
 * one sequential read of the file. It is kept only by a long-running process, and only while nothing else changes
 * the file (see {@link UserFileCache}).
 */
final class TokenIndex implements Slots {
    /** Filter bits per slot the filter is sized for. */
    private static final int BITS_PER_SLOT = 10;
    /** The filter is sized for this much more than the file holds now, so that it is rebuilt rarely as it grows. */
    private static final double HEADROOM = 1.25;

    private final CssFile file;
    private final List<byte[]> fingerprints = new ArrayList<>();
    private long[] filter;
    private long filterBlocks;
    private long filterCapacity;

    private TokenIndex(CssFile file) {
        this.file = file;
    }

    /** Reads every key of the file once. */
    static TokenIndex build(CssFile file) {
        TokenIndex ix = new TokenIndex(file);
        ix.sizeFilter(file.slots());
        for (Extent e : file.extents()) {
            ix.fingerprints.add(ix.scan(e));
        }
        return ix;
    }

    private byte[] scan(Extent e) {
        byte[] fp = new byte[e.slots()];
        for (int s = 0; s < fp.length; s++) {
            long k = file.key(e, s);
            if (k != 0) {
                fp[s] = fingerprint(k);
                add(k);
            }
        }
        return fp;
    }

    private void sizeFilter(long slots) {
        filterCapacity = (long) (Math.max(slots, 1024) * HEADROOM);
        filterBlocks = Math.max(1, filterCapacity * BITS_PER_SLOT / 512);
        filter = new long[Math.toIntExact(filterBlocks * 8)];
    }

    /** Memory held, in bytes. */
    long bytes() {
        long n = (long) filter.length * 8;
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
        fingerprints.get(e.index())[slot] = fingerprint(key);
        add(key);
    }

    /** Extents were appended to the file; a filter that has grown too full is rebuilt from the file's keys. */
    void extentsAppended() {
        while (fingerprints.size() < file.extentCount()) {
            fingerprints.add(new byte[file.extent(fingerprints.size()).slots()]);
        }
        if (file.slots() > filterCapacity) {
            sizeFilter(file.slots());
            for (Extent e : file.extents()) {
                for (int s = 0; s < e.slots(); s++) {
                    if (fingerprints.get(e.index())[s] != 0) {
                        add(file.key(e, s));
                    }
                }
            }
        }
    }

    @Override
    public int test(Extent e, int slot, long key) {
        byte fp = fingerprints.get(e.index())[slot];
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
