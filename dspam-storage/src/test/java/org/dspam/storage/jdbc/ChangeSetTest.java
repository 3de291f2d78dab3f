package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.dspam.storage.TokenChanges;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
    private static TokenChanges changes(long... keySpamInnocent) {
        return SqlTestSupport.changes(keySpamInnocent);
    }

    @Test
    void gainsGoTogetherAndLossesAreGroupedByTheirDeltas() {
        ChangeSet set = ChangeSet.of(changes(30L, 1, 0, 10L, 0, 1, 20L, 1, -1, 40L, 1, -1, 50L, 0, -2, 60L, 0, 0),
                TokenColumn.PGSQL_BIGINT);
        assertArrayEquals(new long[] {10L, 30L}, set.addKeys, "in the column's order");
        assertArrayEquals(new long[] {0, 1}, set.addSpam);
        assertArrayEquals(new long[] {1, 0}, set.addInnocent);
        assertEquals(2, set.groups.size());
        assertEquals(List.of(1L, -1L), List.of(set.groups.get(0).spamDelta(), set.groups.get(0).innocentDelta()));
        assertArrayEquals(new long[] {20L, 40L}, set.groups.get(0).keys());
        assertArrayEquals(new long[] {50L}, set.groups.get(1).keys());
    }

    @Test
    void aTokenListedTwiceGetsTheSumAndDeltasAreCutToTheCountRange() {
        ChangeSet set = ChangeSet.of(changes(7L, 2, 0, 7L, 3, 1, 8L, TokenChanges.MAX_COUNT * 3, 0, 9L, 1, -1, 9L, -1, 1),
                TokenColumn.MYSQL_UNSIGNED);
        assertArrayEquals(new long[] {7L, 8L}, set.addKeys, "9's deltas cancel out");
        assertArrayEquals(new long[] {5, TokenChanges.MAX_COUNT}, set.addSpam);
        assertArrayEquals(new long[] {1, 0}, set.addInnocent);
        assertEquals(List.of(), set.groups);
    }

    @Test
    void unsignedColumnsOrderIdsAsUnsigned() {
        ChangeSet unsigned = ChangeSet.of(changes(-1L, 1, 0, 1L, 1, 0, Long.MIN_VALUE, 1, 0), TokenColumn.MYSQL_UNSIGNED);
        assertArrayEquals(new long[] {1L, Long.MIN_VALUE, -1L}, unsigned.addKeys);
        ChangeSet signed = ChangeSet.of(changes(-1L, 1, 0, 1L, 1, 0, Long.MIN_VALUE, 1, 0), TokenColumn.PGSQL_BIGINT);
        assertArrayEquals(new long[] {Long.MIN_VALUE, -1L, 1L}, signed.addKeys);
    }

    @Test
    void idsAreWrittenAsEachColumnHoldsThem() {
        StringBuilder sql = new StringBuilder();
        TokenColumn.MYSQL_UNSIGNED.appendLiteral(sql, -2L);
        assertEquals("'18446744073709551614'", sql.toString(), "DSPAM's quoted '%llu'");
        assertEquals("{-2,5}", TokenColumn.PGSQL_BIGINT.arrayLiteral(new long[] {-2L, 5L}, 0, 2), "DSPAM's %lld");
        assertEquals("{18446744073709551614}", TokenColumn.PGSQL_NUMERIC.arrayLiteral(new long[] {-2L, 5L}, 0, 1));
    }
}
