package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/** Small helpers the SQL driver tests share. */
final class SqlTestSupport {
    private SqlTestSupport() {
    }

    /** Runs one of the DSPAM schema files under {@code dspam/} in the test resources. */
    static void runDspamScript(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : SqlScript.resource("dspam/" + name)) {
                st.execute(sql);
            }
        }
    }

    static void execute(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Rows of a query, each as its columns' text. */
    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i) == null ? null : rs.getString(i).strip());
                }
                out.add(row);
            }
        }
        return out;
    }

    static String single(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** token -> [spam, innocent] from rows of (token, spam_hits, innocent_hits). */
    static Map<String, List<Long>> counts(Connection c, String sql) throws SQLException {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (List<String> row : rows(c, sql)) {
            out.put(row.get(0), List.of(Long.parseLong(row.get(1)), Long.parseLong(row.get(2))));
        }
        return out;
    }

    static TokenChanges changes(long... keySpamInnocent) {
        TokenChanges c = new TokenChanges(keySpamInnocent.length / 3);
        for (int i = 0; i < keySpamInnocent.length; i += 3) {
            c.add(keySpamInnocent[i], keySpamInnocent[i + 1], keySpamInnocent[i + 2]);
        }
        return c;
    }

    static Totals learned(long spam, long innocent) {
        return new Totals(spam, innocent, 0, 0, 0, 0, 0, 0);
    }

    /** {spam, innocent} of each key, flattened. */
    static long[] fetch(UserStorage s, long... keys) {
        long[] spam = new long[keys.length];
        long[] innocent = new long[keys.length];
        s.fetch(keys, keys.length, spam, innocent);
        long[] out = new long[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            out[2 * i] = spam[i];
            out[2 * i + 1] = innocent[i];
        }
        return out;
    }
}
