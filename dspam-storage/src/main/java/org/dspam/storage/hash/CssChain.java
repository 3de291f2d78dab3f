package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The extents of a {@code .css} file as found by walking its headers, and what, if anything, is wrong with the
 * end of the file.
 *
 * @param extents the complete extents, in file order
 * @param length the file's length
 * @param tail what follows the last complete extent
 * @param problem for {@link Tail#CORRUPT}, what is wrong and where
 */
public record CssChain(List<Extent> extents, long length, Tail tail, String problem) {
    /** What the walk found after the last complete extent. */
    public enum Tail {
        /** The last extent ends exactly at the end of the file. */
        CLEAN,
        /** The last extent's records stop early (a writer died while appending it); zeros complete it. */
        SHORT_EXTENT,
        /** Only zero bytes follow (a header never written); cutting them loses nothing. */
        ZERO_BYTES,
        /** Something that is not an extent: the file is not (or no longer) in this format. */
        CORRUPT
    }

    public boolean usable() {
        return tail != Tail.CORRUPT;
    }

    /** The length the file has once its tail is repaired. */
    public long repairedLength() {
        if (extents.isEmpty()) {
            return 0;
        }
        return extents.get(extents.size() - 1).end();
    }

    /**
     * Walks the headers of a file. An extent whose records are cut short is still listed (with its full size);
     * {@link #tail()} says so.
     */
    public static CssChain read(FileChannel ch) throws IOException {
        long length = ch.size();
        List<Extent> extents = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(CssFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long offset = 0;
        while (offset < length) {
            if (length - offset < CssFormat.HEADER_BYTES) {
                return tailOf(ch, extents, length, offset, "a partial extent header at offset " + offset);
            }
            header.clear();
            readFully(ch, header, offset);
            long slots = header.getLong(0);
            int flags = header.getInt(CssFormat.FLAGS_OFFSET);
            int hash = flags & 3;
            String why = null;
            if (slots == 0) {
                why = "an extent of 0 records";
            } else if (slots < 0 || slots > CssFormat.MAX_SLOTS) {
                why = "an extent of " + Long.toUnsignedString(slots) + " records";
            } else if (hash != CssFormat.HASH_MODULO && hash != CssFormat.HASH_POW2) {
                why = "an unknown hash function " + hash;
            } else if (hash == CssFormat.HASH_POW2 && Long.bitCount(slots) != 1) {
                why = "a power-of-two extent of " + slots + " records";
            }
            if (why != null) {
                return tailOf(ch, extents, length, offset, why + " at offset " + offset);
            }
            Extent e = new Extent(extents.size(), offset, (int) slots, hash == CssFormat.HASH_POW2);
            extents.add(e);
            if (e.end() > length) {
                return new CssChain(List.copyOf(extents), length, Tail.SHORT_EXTENT, null);
            }
            offset = e.end();
        }
        return new CssChain(List.copyOf(extents), length, Tail.CLEAN, null);
    }

    private static CssChain tailOf(FileChannel ch, List<Extent> extents, long length, long offset, String why)
            throws IOException {
        if (allZero(ch, offset, length)) {
            return new CssChain(List.copyOf(extents), length, Tail.ZERO_BYTES, null);
        }
        return new CssChain(List.copyOf(extents), length, Tail.CORRUPT,
                why + " (" + extents.size() + " good extents before it)");
    }

    private static boolean allZero(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        while (pos < to) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), to - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) != 0) {
                    return false;
                }
            }
            pos += n;
        }
        return true;
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }
}
