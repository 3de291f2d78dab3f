package org.dspam.storage.hash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One commit as the journal keeps it: the file's length before and after, and for every byte range it changes the
 * bytes before and after. The before-images let recovery see whether anyone else touched those bytes since.
 *
 * <p>The record is held as it is written (magic, size, generation, lengths, entry count, then per entry its offset,
 * length, before- and after-image, and a CRC-32C of all that), so a commit is encoded once, while it is planned,
 * and the images are read from there when the commit is applied or undone.
 */
final class JournalRecord {
    static final int MAGIC = 0x4A524543;
    private static final int FIXED = 36;
    private static final int ENTRY_HEAD = 12;

    final long generation;
    final long lengthBefore;
    final long lengthAfter;
    private final ByteBuffer bytes;
    /** Per entry, where its offset field starts in {@link #bytes}. */
    private final int[] positions;

    private JournalRecord(long generation, long lengthBefore, long lengthAfter, ByteBuffer bytes, int[] positions) {
        this.generation = generation;
        this.lengthBefore = lengthBefore;
        this.lengthAfter = lengthAfter;
        this.bytes = bytes;
        this.positions = positions;
    }

    /** The encoded size of an entry of {@code length} bytes. */
    static int entryBytes(int length) {
        return ENTRY_HEAD + 2 * length;
    }

    /** The encoded size of a record whose entries take {@code entryBytes} bytes together. */
    static int recordBytes(int entryBytes) {
        return FIXED + entryBytes + 4;
    }

    /** A record with {@code entries} entries taking {@code entryBytes} bytes together (see {@link #entryBytes}). */
    static Builder builder(long generation, long lengthBefore, long lengthAfter, int entries, int entryBytes) {
        return builder(generation, lengthBefore, lengthAfter, entries, entryBytes,
                new byte[recordBytes(entryBytes)]);
    }

    /**
     * Such a record encoded at the start of {@code into} (at least {@link #recordBytes} long), which the record
     * then uses: it must not be reused while the record is.
     */
    static Builder builder(long generation, long lengthBefore, long lengthAfter, int entries, int entryBytes,
                           byte[] into) {
        return new Builder(generation, lengthBefore, lengthAfter, entries, entryBytes, into);
    }

    int size() {
        return bytes.capacity();
    }

    int count() {
        return positions.length;
    }

    long offset(int i) {
        return bytes.getLong(positions[i]);
    }

    int length(int i) {
        return bytes.getInt(positions[i] + 8);
    }

    /** The encoded record; entries' images are read from it at {@link #beforeAt} and {@link #afterAt}. */
    ByteBuffer bytes() {
        return bytes;
    }

    int beforeAt(int i) {
        return positions[i] + ENTRY_HEAD;
    }

    int afterAt(int i) {
        return positions[i] + ENTRY_HEAD + length(i);
    }

    byte[] before(int i) {
        byte[] out = new byte[length(i)];
        bytes.get(beforeAt(i), out);
        return out;
    }

    byte[] after(int i) {
        byte[] out = new byte[length(i)];
        bytes.get(afterAt(i), out);
        return out;
    }

    /** The whole record, ready to be written. */
    ByteBuffer encode() {
        return bytes.duplicate().clear();
    }

    /** Decodes a record whose {@code total} bytes are in {@code b}; null when it is torn or not a record. */
    static JournalRecord decode(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < FIXED + 4 || b.getInt(0) != MAGIC || b.getInt(4) != b.remaining()) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), b.arrayOffset(), b.remaining() - 4);
        if ((int) crc.getValue() != b.getInt(b.remaining() - 4)) {
            return null;
        }
        ByteBuffer own = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        own.put(0, b, b.position(), b.remaining());
        int count = own.getInt(32);
        if (count < 0 || count > own.capacity() / ENTRY_HEAD) {
            return null;
        }
        int[] positions = new int[count];
        int pos = FIXED;
        for (int i = 0; i < count; i++) {
            int len = own.getInt(pos + 8);
            if (len < 0 || pos + entryBytes(len) > own.capacity() - 4) {
                return null;
            }
            positions[i] = pos;
            pos += entryBytes(len);
        }
        return new JournalRecord(own.getLong(8), own.getLong(16), own.getLong(24), own, positions);
    }

    /** Encodes a record entry by entry, in the order they are to be applied. */
    static final class Builder {
        private final long generation;
        private final long lengthBefore;
        private final long lengthAfter;
        private final ByteBuffer b;
        private final int[] positions;
        private int count;

        private Builder(long generation, long lengthBefore, long lengthAfter, int entries, int entryBytes,
                        byte[] into) {
            this.generation = generation;
            this.lengthBefore = lengthBefore;
            this.lengthAfter = lengthAfter;
            this.b = ByteBuffer.wrap(into, 0, recordBytes(entryBytes)).slice().order(ByteOrder.LITTLE_ENDIAN);
            this.positions = new int[entries];
            b.putInt(MAGIC).putInt(b.capacity()).putLong(generation).putLong(lengthBefore).putLong(lengthAfter)
                    .putInt(entries);
        }

        /** A byte range. */
        Builder bytes(long offset, byte[] before, byte[] after) {
            positions[count++] = b.position();
            b.putLong(offset).putInt(before.length).put(before).put(after);
            return this;
        }

        /** A 24-byte record: token id, innocent and spam count words, before and after. */
        Builder record(long offset, long keyBefore, long innocentBefore, long spamBefore, long keyAfter,
                       long innocentAfter, long spamAfter) {
            positions[count++] = b.position();
            b.putLong(offset).putInt(CssFormat.RECORD_BYTES)
                    .putLong(keyBefore).putLong(innocentBefore).putLong(spamBefore)
                    .putLong(keyAfter).putLong(innocentAfter).putLong(spamAfter);
            return this;
        }

        JournalRecord build() {
            if (count != positions.length || b.remaining() != 4) {
                throw new IllegalStateException("journal record holds " + count + " of " + positions.length
                        + " entries, " + b.remaining() + " bytes left");
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, b.position());
            b.putInt((int) crc.getValue());
            return new JournalRecord(generation, lengthBefore, lengthAfter, b, positions);
        }
    }
}
