package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsAtSemicolonsAndDropsComments() {
        assertEquals(List.of("SELECT 1", "SELECT 2"),
                SqlScript.split("-- a comment; with a semicolon\nSELECT 1;\n# mysql comment;\n/* block; */SELECT 2;\n\n"));
    }

    @Test
    void semicolonsInsideQuotesIdentifiersAndDollarQuotesStay() {
        assertEquals(List.of("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s;', 'back\\';slash')",
                        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql",
                        "CREATE FUNCTION g() AS $$ x; $$"),
                SqlScript.split("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s;', 'back\\';slash');\n"
                        + "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql;\n"
                        + "CREATE FUNCTION g() AS $$ x; $$"));
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertEquals(List.of("SELECT $1, $2", "SELECT 3"), SqlScript.split("SELECT $1, $2; SELECT 3;"));
    }

    @Test
    void theShippedFilesSplitIntoTheirStatements() {
        List<String> mysql = SqlScript.resource("mysql_objects.sql");
        assertEquals(5, mysql.size(), mysql.toString());
        assertTrue(mysql.stream().allMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS dspam_")));
        List<String> pgsql = SqlScript.resource("pgsql_objects.sql");
        assertTrue(pgsql.stream().anyMatch(s -> s.startsWith("CREATE OR REPLACE FUNCTION lookup_tokens(integer, integer, bigint[])")
                && s.contains("UNION ALL")), pgsql.toString());
        assertEquals(7, SqlScript.resource("mysql_purge.sql").stream().filter(s -> s.startsWith("DELETE")).count());
        assertEquals(7, SqlScript.resource("pgsql_purge.sql").stream().filter(s -> s.startsWith("DELETE")).count());
    }
}
