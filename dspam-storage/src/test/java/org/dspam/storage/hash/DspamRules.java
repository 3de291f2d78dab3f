package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reading of a {@code .css} file by DSPAM's rules, written separately from the driver so that the
 * tests check the driver against the format, not against itself: the extent chain, and each DSPAM build's lookup
 * (the 3.10.2 release: up to MaxSeek + 1 slots, wrapping when the byte offset including the 80-byte header reaches
 * the extent's record bytes; the last tree: exactly MaxSeek slots, wrapping at the end).
 */
final class DspamRules {
    final ByteBuffer bytes;
    final List<long[]> extents = new ArrayList<>();
    final String chainProblem;

    DspamRules(Path css) throws IOException {
        bytes = ByteBuffer.wrap(Files.readAllBytes(css)).order(ByteOrder.LITTLE_ENDIAN);
        long off = 0;
        String problem = null;
        while (off < bytes.capacity()) {
            if (off + 80 > bytes.capacity()) {
                problem = "partial header at " + off;
                break;
            }
            long n = bytes.getLong((int) off);
            if (n <= 0 || off + 80 + n * 24 > bytes.capacity()) {
                problem = "extent at " + off + " with " + n + " records does not fit";
                break;
            }
            extents.add(new long[] {off, n, bytes.getInt((int) off + 72)});
            off += 80 + n * 24;
        }
        chainProblem = problem;
    }

    long[] totals() {
        long[] t = new long[8];
        for (int i = 0; i < 8; i++) {
            t[i] = bytes.getLong(8 + 8 * i);
        }
        return t;
    }

    long key(long[] ext, long slot) {
        return bytes.getLong((int) (ext[0] + 80 + slot * 24));
    }

    long innocent(long[] ext, long slot) {
        return bytes.getLong((int) (ext[0] + 80 + slot * 24 + 8)) & 0x0fffffffL;
    }

    long spam(long[] ext, long slot) {
        return bytes.getLong((int) (ext[0] + 80 + slot * 24 + 16)) & 0x0fffffffL;
    }

    /** Every stored record: key to {extent index, slot}. Duplicates are counted, the first kept. */
    Map<Long, long[]> records() {
        Map<Long, long[]> out = new HashMap<>();
        for (int e = 0; e < extents.size(); e++) {
            long[] ext = extents.get(e);
            for (long s = 0; s < ext[1]; s++) {
                long k = key(ext, s);
                if (k != 0) {
                    out.putIfAbsent(k, new long[] {e, s});
                }
            }
        }
        return out;
    }

    long recordCount() {
        long n = 0;
        for (long[] ext : extents) {
            for (long s = 0; s < ext[1]; s++) {
                if (key(ext, s) != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Where the 3.10.2 release finds a token: {extent, slot}, or null. */
    long[] findRelease(long key, int maxSeek) {
        for (int e = 0; e < extents.size(); e++) {
            long[] ext = extents.get(e);
            long n = ext[1];
            long fpos = 80 + Long.remainderUnsigned(key, n) * 24;
            int iterations = 0;
            long k = bytes.getLong((int) (ext[0] + fpos));
            while (k != key && k != 0 && iterations < maxSeek) {
                iterations++;
                fpos += 24;
                if (fpos >= n * 24) {
                    fpos = 80;
                }
                k = bytes.getLong((int) (ext[0] + fpos));
            }
            if (k == key) {
                return new long[] {e, (fpos - 80) / 24};
            }
        }
        return null;
    }

    /**
     * Where the last tree finds a token in a file of power-of-two extents (flags 1): the 64-bit id folded into
     * log2(N) bits by XOR-ing its log2(N)-bit pieces from the low end, then N-wrapped linear probing.
     */
    long[] findTreePow2(long key, int maxSeek) {
        for (int e = 0; e < extents.size(); e++) {
            long[] ext = extents.get(e);
            long n = ext[1];
            int bits = Long.numberOfTrailingZeros(n);
            long folded = 0;
            for (int shift = 0; shift < 64; shift += bits) {
                folded ^= (key >>> shift) & (n - 1);
            }
            for (int i = 0; i < maxSeek; i++) {
                long slot = (folded + i) & (n - 1);
                long k = key(ext, slot);
                if (k == key) {
                    return new long[] {e, slot};
                }
                if (k == 0) {
                    break;
                }
            }
        }
        return null;
    }

    /** Where the last tree finds a token (modulo extents only): {extent, slot}, or null. */
    long[] findTree(long key, int maxSeek) {
        for (int e = 0; e < extents.size(); e++) {
            long[] ext = extents.get(e);
            long n = ext[1];
            long start = Long.remainderUnsigned(key, n);
            for (int i = 0; i < maxSeek; i++) {
                long slot = (start + i) % n;
                long k = key(ext, slot);
                if (k == key) {
                    return new long[] {e, slot};
                }
                if (k == 0) {
                    break;
                }
            }
        }
        return null;
    }
}
