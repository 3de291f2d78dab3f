package org.dspam.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static Diction tokenize(TokenizerKind kind, String headers, String body) {
        return tokenize(new TokenizerSettings(kind, true, true, Set.of(), 0), headers, body);
    }

    private static Diction tokenize(TokenizerSettings settings, String headers, String body) {
        Diction d = new Diction();
        Tokenizer.tokenize(settings, headers, body, d);
        return d;
    }

    /** Token text to frequency, in insertion order. */
    private static Map<String, Integer> names(Diction d) {
        Map<String, Integer> out = new LinkedHashMap<>();
        d.terms().stream().sorted((a, b) -> Integer.compare(a.index(), b.index()))
                .forEach(t -> out.put(t.name(), t.frequency()));
        return out;
    }

    @Test
    void wordTokensSplitOnDspamsDelimitersAndKeepCase() {
        Map<String, Integer> n = names(tokenize(TokenizerKind.WORD, " ", "Hello, world; a.b-c+d*e@f:g\tHello"));
        assertEquals(List.of("Hello", "world", "a", "b", "c", "d", "e", "f", "g"), List.copyOf(n.keySet()));
        assertEquals(2, n.get("Hello"));
    }

    @Test
    void bangRunsAreSqueezedToOneForWordAndChainOnly() {
        assertTrue(names(tokenize(TokenizerKind.WORD, " ", "free!!! wow!x")).keySet().containsAll(List.of("free!", "wow!")));
        Map<String, Integer> osb = names(tokenize(TokenizerKind.OSB, " ", "free!!! now"));
        assertTrue(osb.containsKey("free!!!+now"), osb.toString());
    }

    @Test
    void piecesOfFiftyBytesOrMoreAreDropped() {
        String long49 = "x".repeat(49);
        Map<String, Integer> n = names(tokenize(TokenizerKind.WORD, " ", long49 + " " + "y".repeat(50) + " z"));
        assertEquals(List.of(long49, "z"), List.copyOf(n.keySet()));
    }

    @Test
    void headerTokensArePrefixedAndKeepDotsInHeaders() {
        Map<String, Integer> n = names(tokenize(TokenizerKind.WORD, "Received: from mail.example.org (10.0.0.1)\n", " "));
        assertTrue(n.containsKey("Received*mail.example.org"), n.toString());
        assertTrue(n.containsKey("Received*(10.0.0.1)"), n.toString());
    }

    @Test
    void continuationLinesKeepTheHeadingAndStopAtTheirFirstColon() {
        Map<String, Integer> n = names(tokenize(TokenizerKind.WORD, "Subject: one\n\ttwo three: four\n", " "));
        assertTrue(n.keySet().containsAll(List.of("Subject*one", "Subject*two", "Subject*three")), n.toString());
        assertFalse(n.containsKey("Subject*four"), n.toString());
    }

    @Test
    void chainAddsPairsWithinAHeaderLineAndAcrossTheBody() {
        Map<String, Integer> n = names(tokenize(TokenizerKind.CHAIN, "Subject: a b\nTo: c\n", "x y\nz"));
        assertTrue(n.keySet().containsAll(List.of("Subject*a+b", "x+y", "y+z")), n.toString());
        assertFalse(n.containsKey("Subject*b+c") || n.containsKey("To*b+c"), n.toString());
    }

    @Test
    void osbPairsEachWordWithTheNextFourAndHasNoSingleWords() {
        Map<String, Integer> n = names(tokenize(new TokenizerSettings(TokenizerKind.OSB, false, false, Set.of(), 0), " ",
                "the kernel module compiles fine today"));
        assertTrue(n.keySet().containsAll(List.of("the+kernel", "the+#+module", "the+#+#+compiles", "the+#+#+#+fine",
                "kernel+module", "fine+today")), n.toString());
        assertFalse(n.containsKey("kernel"));
        assertFalse(n.containsKey("the+#+#+#+#+today"));
        assertEquals(14, n.size(), "pairs of the six words at most four places apart: " + n);
    }

    @Test
    void sbphKeysEveryWordWithEverySubsetOfTheNextFour() {
        Map<String, Integer> n = names(tokenize(new TokenizerSettings(TokenizerKind.SBPH, false, false, Set.of(), 0), " ", "a b c"));
        assertEquals(List.of("a", "a+b", "a+#+c", "a+b+c", "b", "b+c", "c"), List.copyOf(n.keySet()));
    }

    @Test
    void urlsBecomeUrlTokensAndAreBlankedFromTheBody() {
        Map<String, Integer> n = names(tokenize(TokenizerKind.WORD, " ", "see http://www.example.com/claim now"));
        assertTrue(n.keySet().containsAll(List.of("Url*http", "Url*//www", "Url*example", "Url*com/claim", "see", "now")), n.toString());
        assertFalse(n.containsKey("example"), n.toString());
    }

    @Test
    void theWhitelistTokenIsTheWholeFromLine() {
        Diction d = tokenize(TokenizerKind.OSB, "From: Alice Example <alice@example.org>\nTo: bob\n", " ");
        Term wl = d.find(Crc64.of("From*Alice Example <alice@example.org>"));
        assertTrue(wl != null && d.isWhitelistToken(wl));
    }

    @Test
    void ignoredAndDspamHeadersGiveNoTokens() {
        Map<String, Integer> n = names(tokenize(new TokenizerSettings(TokenizerKind.WORD, true, false, Set.of("X-Spam-Status"), 0),
                "X-Spam-Status: Yes\nX-DSPAM-Result: Spam\nSubject: hi\n", " "));
        assertEquals(List.of("Subject*hi"), List.copyOf(n.keySet()));
    }

    @Test
    void iterationOrderIsByBucketThenInsertion() {
        Diction d = tokenize(TokenizerKind.WORD, " ", "alpha beta gamma delta epsilon zeta eta theta");
        long previous = -1;
        for (Term t : d.terms()) {
            long bucket = Long.remainderUnsigned(t.key(), Diction.MESSAGE_BUCKETS);
            assertTrue(bucket >= previous);
            previous = bucket;
        }
    }

    @Test
    void aFrozenDictionResetsToItsTokenizedState() {
        Diction d = tokenize(TokenizerKind.WORD, " ", "a a b");
        d.freeze();
        Term a = d.find(Crc64.of("a"));
        a.setFrequency(0);
        a.load(3, 4);
        Diction patterns = new Diction(Diction.PATTERN_BUCKETS, 16);
        d.appendPattern(patterns.touch(Crc64.of("bnr.t|"), "bnr.t|", Diction.PATTERN));
        assertEquals(3, d.terms().size());
        d.reset();
        assertEquals(2, d.terms().size());
        assertEquals(2, a.frequency());
        assertEquals(0, a.spamHits());
        Diction copy = d.copy();
        assertEquals(2, copy.find(Crc64.of("a")).frequency());
    }

    @Test
    void aTextLimitReadsHeadersFirstThenWhatIsLeftOfTheBody() {
        TokenizerSettings limited = new TokenizerSettings(TokenizerKind.WORD, false, false, Set.of(), 20);
        Map<String, Integer> n = names(tokenize(limited, "Subject: short\n", "one two three four five six"));
        assertEquals(List.of("Subject*short", "one", "t"), List.copyOf(n.keySet()), "cut after 20 bytes: " + n);
    }
}
