package org.dspam.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TermTest {
    private static Term sparse(String first, int gap, String second) {
        return new Term(1L, null, first, gap, second, 0, 0);
    }

    /** A sparse key's prefix test reads across its parts exactly as the built text would. */
    @Test
    void prefixOfSparseKeyMatchesBuiltText() {
        String[] words = {"", "b", "bn", "bnr", "bnr.", "bnr.s", "bnx", "x", "Subject*bnr.", "+"};
        String[] prefixes = {"bnr.", "b", "bnr+", "bnr+#", "bnr+#+b", "b+#+#+#+bnr.", "", "Subject*"};
        for (String first : words) {
            for (int gap = 0; gap < Tokenizer.GAPS.length; gap++) {
                for (String second : words) {
                    for (String prefix : prefixes) {
                        Term split = sparse(first, gap, second);
                        boolean expected = (first + Tokenizer.GAPS[gap] + second).startsWith(prefix);
                        assertEquals(expected, split.nameStartsWith(prefix),
                                () -> "'" + split.name() + "' starts with '" + prefix + "'");
                    }
                }
            }
        }
    }

    @Test
    void prefixOfWholeNameAndOfNamelessToken() {
        assertEquals(true, new Term(1L, "bnr.s|0.10_", null, 0, null, 0, 0).nameStartsWith("bnr."));
        assertEquals(false, new Term(1L, "bn", null, 0, null, 0, 0).nameStartsWith("bnr."));
        assertEquals(false, new Term(1L, null, null, 0, null, 0, 0).nameStartsWith("bnr."));
    }

    @Test
    void bnrNameIsKnownForEveryWayATermGetsItsText() {
        assertEquals(false, sparse("bn", 0, "r.x").hasBnrName());
        assertEquals(true, sparse("bnr.s", 1, "x").hasBnrName());
        assertEquals(false, sparse("bnr", 0, "x").hasBnrName());
        assertEquals(true, sparse("bnr.", 0, "x").hasBnrName());
        assertEquals(true, new Term(1L, "bnr.t|", null, 0, null, 0, 0).hasBnrName());
        Diction d = new Diction();
        Term byId = d.touch(7L, null, 0);
        assertEquals(false, byId.hasBnrName());
        d.touch(7L, "bnr.c|0.50_0.50_0.50_", 0);
        assertEquals(true, byId.hasBnrName());
        assertEquals(true, byId.copy().hasBnrName());
    }
}
