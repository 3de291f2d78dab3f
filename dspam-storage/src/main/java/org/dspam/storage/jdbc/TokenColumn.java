package org.dspam.storage.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * How the {@code token} column of an existing {@code dspam_token_data} holds the 64-bit token
 * ids, so that rows written by DSPAM and by this driver are the same rows.
 */
enum TokenColumn {
    /** MySQL 4.1 schema: {@code BIGINT UNSIGNED}; written as unsigned decimals, as DSPAM's {@code '%llu'}. */
    MYSQL_UNSIGNED,
    /** A MySQL {@code BIGINT} without UNSIGNED: the id's two's-complement value. */
    MYSQL_SIGNED,
    /** MySQL's older {@code -speed}/{@code -space} schemas: {@code CHAR(20)}/{@code VARCHAR(20)} holding the unsigned decimal. */
    MYSQL_TEXT,
    /** PostgreSQL {@code BIGINT}: DSPAM writes the id as a signed decimal ({@code %lld}). */
    PGSQL_BIGINT,
    /** PostgreSQL {@code NUMERIC(20)} (older schema): the unsigned decimal. */
    PGSQL_NUMERIC;

    boolean unsigned() {
        return this != MYSQL_SIGNED && this != PGSQL_BIGINT;
    }

    /** The id as a value in the column's own terms, unquoted. */
    String decimal(long key) {
        return unsigned() ? Long.toUnsignedString(key) : Long.toString(key);
    }

    /**
     * The id as an SQL literal for MySQL statements built as text: quoted, as DSPAM's
     * {@code '%llu'}. Quoting also keeps MySQL's range optimizer on the index: a list mixing plain
     * literals above and below 2^63 (BIGINT and DECIMAL) makes it scan the user's rows instead.
     */
    void appendLiteral(StringBuilder sql, long key) {
        sql.append('\'').append(decimal(key)).append('\'');
    }

    /** The PostgreSQL array type that binds a list of ids. */
    String arrayType() {
        return this == PGSQL_NUMERIC ? "numeric[]" : "bigint[]";
    }

    /** A PostgreSQL array literal of the first {@code count} ids. */
    String arrayLiteral(long[] keys, int from, int to) {
        StringBuilder sb = new StringBuilder(2 + (to - from) * 21).append('{');
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(',');
            }
            sb.append(decimal(keys[i]));
        }
        return sb.append('}').toString();
    }

    long read(ResultSet rs, int column) throws SQLException {
        switch (this) {
            case PGSQL_BIGINT, MYSQL_SIGNED:
                return rs.getLong(column);
            case PGSQL_NUMERIC:
                BigDecimal d = rs.getBigDecimal(column);
                return d == null ? 0 : d.toBigInteger().longValue();
            default:
                String s = rs.getString(column);
                return s == null ? 0 : Long.parseUnsignedLong(s.strip());
        }
    }

    /**
     * Sorts ids into the column's own order, so that every writer takes its row locks in the same
     * order and concurrent messages rarely deadlock.
     */
    void sort(long[] keys, int count) {
        if (this == MYSQL_TEXT) {
            String[] s = new String[count];
            for (int i = 0; i < count; i++) {
                s[i] = Long.toUnsignedString(keys[i]);
            }
            Arrays.sort(s);
            for (int i = 0; i < count; i++) {
                keys[i] = Long.parseUnsignedLong(s[i]);
            }
        } else if (unsigned()) {
            for (int i = 0; i < count; i++) {
                keys[i] ^= Long.MIN_VALUE;
            }
            Arrays.sort(keys, 0, count);
            for (int i = 0; i < count; i++) {
                keys[i] ^= Long.MIN_VALUE;
            }
        } else {
            Arrays.sort(keys, 0, count);
        }
    }
}
