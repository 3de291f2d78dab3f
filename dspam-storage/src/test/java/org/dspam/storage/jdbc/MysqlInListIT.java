package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.dspam.storage.StorageDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A batch of a few hundred tokens of a user with many rows is read with one index lookup per
 * token on MariaDB, not by reading all of the user's rows (which MariaDB's plan for an IN list of
 * 200-999 values does once the user has many rows).
 */
class MysqlInListIT {
    private static final TestDatabases DATABASES = new TestDatabases(TestDatabases.Kind.MYSQL);

    @AfterAll
    static void dropDatabases() throws Exception {
        DATABASES.dropAll();
    }

    /** Token ids over the whole unsigned range, as hashes are: half of them above 2^63. */
    private static long token(long t) {
        return t * 7919L ^ (t % 2 == 0 ? Long.MIN_VALUE : 0);
    }

    private static long status(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    @Test
    void aFewHundredTokensOfABigUserAreLookedUpOneByOne() throws Exception {
        String db = DATABASES.create();
        try (StorageDriver ignored = DATABASES.driver(db)) {
            // the driver creates the schema
        }
        int rows = 200_000;
        try (Connection c = DATABASES.connect(db); Statement st = c.createStatement()) {
            StringBuilder sql = new StringBuilder();
            for (int from = 1; from <= rows; from += 10_000) {
                sql.setLength(0);
                sql.append("INSERT INTO dspam_token_data (uid,token,spam_hits,innocent_hits,last_hit) VALUES ");
                for (int t = from; t < from + 10_000; t++) {
                    sql.append(t == from ? "" : ",").append("(1,").append(Long.toUnsignedString(token(t))).append(",").append(t % 5)
                            .append(",").append(t % 3).append(",CURRENT_DATE())");
                }
                st.execute(sql.toString());
            }
            st.execute("ANALYZE TABLE dspam_token_data");
            MysqlDialect dialect = new MysqlDialect();
            dialect.inspect(c);
            int count = 600;
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                // two of three stored, the rest absent
                keys[i] = i % 3 == 2 ? 13L + i : token(1 + i * 331L);
            }
            long[] spam = new long[count];
            long[] innocent = new long[count];
            long before = status(st, "Handler_read_next") + status(st, "Handler_read_rnd_next");
            dialect.fetch(c, new int[] {1}, keys, count, spam, innocent);
            long read = status(st, "Handler_read_next") + status(st, "Handler_read_rnd_next") - before;
            for (int i = 0; i < count; i++) {
                long t = 1 + i * 331L;
                boolean stored = i % 3 != 2;
                assertEquals(stored ? t % 5 : 0, spam[i], "spam hits of token " + i);
                assertEquals(stored ? t % 3 : 0, innocent[i], "innocent hits of token " + i);
            }
            if (dialect.convertsInLists()) {
                assertTrue(read < 10 * count, "rows read for " + count + " tokens: " + read);
            }
        }
    }
}
