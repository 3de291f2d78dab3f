package org.dspam.storage.hash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One commit as the journal keeps it: the file's length before and after, and for every byte range it changes the
 * bytes before and after. The before-images let recovery see whether anyone else touched those bytes since.
 */
final class JournalRecord {
    static final int MAGIC = 0x4A524543;
    private static final int FIXED = 36;

    /** A changed byte range. */
    record Entry(long offset, byte[] before, byte[] after) {
    }

    final long generation;
    final long lengthBefore;
    final long lengthAfter;
    final List<Entry> entries;

    JournalRecord(long generation, long lengthBefore, long lengthAfter, List<Entry> entries) {
        this.generation = generation;
        this.lengthBefore = lengthBefore;
        this.lengthAfter = lengthAfter;
        this.entries = entries;
    }

    int size() {
        int n = FIXED + 4;
        for (Entry e : entries) {
            n += 12 + 2 * e.before().length;
        }
        return n;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(b.capacity()).putLong(generation).putLong(lengthBefore).putLong(lengthAfter)
                .putInt(entries.size());
        for (Entry e : entries) {
            b.putLong(e.offset()).putInt(e.before().length).put(e.before()).put(e.after());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        b.flip();
        return b;
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
        long generation = b.getLong(8);
        long before = b.getLong(16);
        long after = b.getLong(24);
        int count = b.getInt(32);
        List<Entry> entries = new ArrayList<>(count);
        int pos = FIXED;
        for (int i = 0; i < count; i++) {
            long offset = b.getLong(pos);
            int len = b.getInt(pos + 8);
            byte[] pre = new byte[len];
            byte[] post = new byte[len];
            b.get(pos + 12, pre);
            b.get(pos + 12 + len, post);
            entries.add(new Entry(offset, pre, post));
            pos += 12 + 2 * len;
        }
        return new JournalRecord(generation, before, after, entries);
    }
}
