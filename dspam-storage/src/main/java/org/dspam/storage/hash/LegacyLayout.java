package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .css} layouts cssconvert reads: this format (LP64), DSPAM 3.6.0's (a 72-byte header without the
 * padding), and both as 32-bit builds wrote them ({@code long} is 4 bytes there: 40- or 36-byte headers and 16-byte
 * records with 4-byte counts).
 */
enum LegacyLayout {
    CURRENT("DSPAM 3.6.1 and later, 64-bit", 80, 8, 24, 8),
    V360("DSPAM 3.6.0, 64-bit", 72, 8, 24, 8),
    CURRENT_32("DSPAM 3.6.1 and later, 32-bit", 40, 4, 16, 4),
    V360_32("DSPAM 3.6.0, 32-bit", 36, 4, 16, 4);

    final String description;
    final int header;
    /** Size of {@code hash_rec_max} and of each total. */
    final int word;
    final int record;
    /** Size of each count in a record. */
    final int count;

    LegacyLayout(String description, int header, int word, int record, int count) {
        this.description = description;
        this.header = header;
        this.word = word;
        this.record = record;
        this.count = count;
    }

    /** Extents as (offset, slots) when the whole file is a chain in this layout, else null. */
    List<long[]> chain(FileChannel ch) throws IOException {
        long length = ch.size();
        List<long[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long off = 0;
        while (off < length) {
            if (off + header > length) {
                return null;
            }
            b.clear();
            b.limit(word);
            CssChain.readFully(ch, b, off);
            long slots = word == 8 ? b.getLong(0) : Integer.toUnsignedLong(b.getInt(0));
            if (slots <= 0 || slots > CssFormat.MAX_SLOTS || off + header + slots * record > length) {
                return null;
            }
            out.add(new long[] {off, slots});
            off += header + slots * record;
        }
        return out.isEmpty() ? null : out;
    }

    /** The eight totals of the first header. */
    long[] totals(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * word).order(ByteOrder.LITTLE_ENDIAN);
        CssChain.readFully(ch, b, word);
        long[] t = new long[8];
        for (int i = 0; i < 8; i++) {
            t[i] = word == 8 ? b.getLong(i * 8) : b.getInt(i * 4);
        }
        return t;
    }

    /** Visits each non-empty record: key, innocent word, spam word (age bits kept). */
    void records(FileChannel ch, List<long[]> extents, RecordVisitor visit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(record * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] e : extents) {
            long pos = e[0] + header;
            long left = e[1];
            while (left > 0) {
                int n = (int) Math.min(left, 4096);
                buf.clear();
                buf.limit(n * record);
                CssChain.readFully(ch, buf, pos);
                for (int i = 0; i < n; i++) {
                    int at = i * record;
                    long key = buf.getLong(at);
                    if (key != 0) {
                        long innocent = count == 8 ? buf.getLong(at + 8) : Integer.toUnsignedLong(buf.getInt(at + 8));
                        long spam = count == 8 ? buf.getLong(at + 16) : Integer.toUnsignedLong(buf.getInt(at + 12));
                        visit.record(key, innocent, spam);
                    }
                }
                pos += (long) n * record;
                left -= n;
            }
        }
    }

    /** One stored record. */
    interface RecordVisitor {
        void record(long key, long innocent, long spam) throws IOException;
    }
}
