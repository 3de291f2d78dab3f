package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code HashPow2 on}: new files in the last DSPAM tree's power-of-two layout, which that tree reads. */
class PowerOfTwoFilesTest {
    @TempDir
    Path home;

    @Test
    void newFilesUsePowerOfTwoExtentsAndTheFoldingHash() throws IOException {
        HashSettings settings = ChildTrainer.settings(home).withPow2(true);
        try (HashStorageDriver d = new HashStorageDriver(settings)) {
            for (int i = 0; i < 6; i++) {
                try (UserStorage s = d.open("p")) {
                    s.commit(ChildTrainer.Messages.changes(3, i, 400), ChildTrainer.Messages.totals(i));
                }
            }
            Expected.holdsWithoutRules(d, "p", new long[] {3}, 6, 400);
        }
        DspamRules r = new DspamRules(home.resolve("data/p/p.css"));
        assertNull(r.chainProblem);
        assertTrue(r.extents.size() > 1, "the file grew");
        for (long[] ext : r.extents) {
            assertEquals(1, Long.bitCount(ext[1]), "extent of " + ext[1] + " records");
            assertEquals(1, ext[2], "flags: power-of-two hash");
        }
        assertEquals(1024, r.extents.get(0)[1], "HashRecMax 1021 rounded up to a power of two");
        Map<Long, long[]> records = r.records();
        assertEquals(r.recordCount(), records.size());
        for (Map.Entry<Long, long[]> e : records.entrySet()) {
            assertArrayEquals(e.getValue(), r.findTreePow2(e.getKey(), 10), "the last tree finds " + e.getKey());
        }
    }
}
