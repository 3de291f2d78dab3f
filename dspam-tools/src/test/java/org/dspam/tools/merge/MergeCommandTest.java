package org.dspam.tools.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;

import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
    static final String SYNTAX = "syntax: dspam_merge [user1] [user2] ... [userN] [-o user]\n";

    @TempDir
    Path dir;
    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir);
        tools.store("amy", new Totals(10, 20, 1, 2, 3, 4, 5, 6), 1L, 2, 3, 2L, 0, 1);
        tools.store("bob", new Totals(5, 5, 0, 0, 0, 0, 0, 0), 1L, 1, 1, 3L, 4, 0);
        tools.store("group", new Totals(1, 1, 0, 0, 0, 0, 0, 0), 1L, 10, 10);
    }

    Result merge(String... args) {
        return tools.run(MergeCommand::run, args);
    }

    long[] counts(String user, long... keys) {
        return tools.with(user, s -> {
            long[] spam = new long[keys.length];
            long[] innocent = new long[keys.length];
            s.fetch(keys, keys.length, spam, innocent);
            long[] out = new long[keys.length * 2];
            for (int i = 0; i < keys.length; i++) {
                out[2 * i] = spam[i];
                out[2 * i + 1] = innocent[i];
            }
            return out;
        });
    }

    @Test
    void tokensAndLearnedTotalsAreAddedToTheDestination() {
        Result r = merge("amy", "bob", "-o", "group");
        assertEquals(new Result(0, "Merging user: amy\nprocessed 2 tokens\nMerging user: bob\nprocessed 2 tokens\n"
                + "storing merged tokens...\ncompleted.\n", "Destination user: group\n"), r);
        assertArrayEquals(new long[] {13, 14, 0, 1, 4, 0}, counts("group", 1L, 2L, 3L));
        assertEquals(new Totals(16, 26, 0, 0, 0, 0, 0, 0), tools.with("group", UserStorage::totals));
        assertArrayEquals(new long[] {2, 3, 0, 1}, counts("amy", 1L, 2L), "sources are only read");
    }

    @Test
    void aNewDestinationIsCreated() {
        assertEquals(0, merge("-o", "fresh", "amy").status());
        assertArrayEquals(new long[] {2, 3, 0, 1}, counts("fresh", 1L, 2L));
        assertEquals(new Totals(10, 20, 0, 0, 0, 0, 0, 0), tools.with("fresh", UserStorage::totals));
    }

    @Test
    void withoutArgumentsTheSyntaxIsPrintedInsteadOfCrashing() {
        assertEquals(new Result(1, SYNTAX, ""), merge());
        assertEquals(new Result(1, SYNTAX, ""), merge("amy"));
        assertEquals(new Result(1, SYNTAX, ""), merge("-o", "group"));
        assertEquals(new Result(1, SYNTAX, ""), merge("amy", "-o"));
    }

    @Test
    void unknownSourceOrSelfMergeChangesNothing() {
        assertEquals(new Result(1, "", "dspam_merge: no such user 'nobody'; nothing was merged\n"),
                merge("amy", "nobody", "-o", "group"));
        assertFalse(tools.driver.exists("nobody"));
        assertArrayEquals(new long[] {10, 10}, counts("group", 1L));
        assertEquals(new Result(1, "", "dspam_merge: cannot merge user 'group' into itself\n"),
                merge("amy", "group", "-o", "group"));
        assertArrayEquals(new long[] {10, 10}, counts("group", 1L));
    }
}
