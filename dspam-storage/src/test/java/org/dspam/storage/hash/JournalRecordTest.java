package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A record encoded into a buffer that an earlier, bigger record used is exactly the record, nothing more. */
class JournalRecordTest {
    private static JournalRecord record(byte[] into, long generation, int records) {
        int bytes = records * JournalRecord.entryBytes(CssFormat.RECORD_BYTES) + JournalRecord.entryBytes(64);
        JournalRecord.Builder b = into == null
                ? JournalRecord.builder(generation, 1000, 1000, records + 1, bytes)
                : JournalRecord.builder(generation, 1000, 1000, records + 1, bytes, into);
        for (int i = 0; i < records; i++) {
            b.record(80 + 24L * i, 0, 0, 0, 100 + i, generation, 2 * generation);
        }
        byte[] before = new byte[64];
        byte[] after = new byte[64];
        Arrays.fill(after, (byte) generation);
        b.bytes(CssFormat.TOTALS_OFFSET, before, after);
        return b.build();
    }

    @Test
    void aRecordInAReusedBufferIsTheSameAsOneInItsOwn() {
        byte[] shared = new byte[JournalRecord.recordBytes(100 * JournalRecord.entryBytes(CssFormat.RECORD_BYTES)
                + JournalRecord.entryBytes(64))];
        record(shared, 1, 100);
        JournalRecord small = record(shared, 2, 3);
        JournalRecord own = record(null, 2, 3);
        assertEquals(own.size(), small.size());
        ByteBuffer written = small.encode();
        assertEquals(own.size(), written.remaining());
        byte[] a = new byte[written.remaining()];
        written.get(a);
        byte[] b = new byte[own.size()];
        own.encode().get(b);
        assertArrayEquals(b, a, "the bytes written to the journal");
        JournalRecord read = JournalRecord.decode(ByteBuffer.wrap(a));
        assertNotNull(read, "the record reads back whole (its checksum covers exactly its bytes)");
        assertEquals(4, read.count());
        assertArrayEquals(own.after(3), read.after(3));
    }
}
