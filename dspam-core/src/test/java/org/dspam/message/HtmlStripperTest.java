package org.dspam.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected strings are what DSPAM 3.10's {@code _ds_strip_html} produces for the same bytes,
 * quirks included: the tokens of HTML mail depend on every one of them.
 */
class HtmlStripperTest {

    private static String strip(String html) {
        return HtmlStripper.strip(html);
    }

    // --- tags ---

    @Test
    void removesTagsWithoutLeavingASpace() {
        assertEquals("aboldc", strip("a<b>bold</b>c"));
    }

    @Test
    void removesDeclarationsAndCdataMarkersAsTags() {
        assertEquals("ab", strip("a<!DOCTYPE html>b"));
        assertEquals("y", strip("<![CDATA[ x ]]>y"));
    }

    @Test
    void removesCommentUpToItsFirstGreaterThan() {
        assertEquals("ac", strip("a<!-- b -->c"));
        assertEquals("a 2 -->c", strip("a<!-- 1 > 2 -->c"));
    }

    @Test
    void dropsUnterminatedTagAtEndOfInput() {
        assertEquals("abc", strip("abc<b class"));
        assertEquals("", strip("<!-- never closed"));
    }

    @Test
    void endsTagAtNextLessThanAndReadsThatAsTheNextTag() {
        assertEquals("ac", strip("a<b<i>c"));
        assertEquals("a\nc", strip("a<span<br>c"));
    }

    @Test
    void keepsLessThanNotFollowedByLetterSlashOrBangAsText() {
        assertEquals("1 < 2 and 3 > 2", strip("1 < 2 and 3 > 2"));
        assertEquals("<3", strip("<3"));
        assertEquals("\u00e9<\u00e9>", strip("\u00e9<\u00e9>"));
    }

    @Test
    void literalLessThanSwallowsTheNextLessThanSoTheFollowingTagBecomesText() {
        assertEquals("x < yb>z", strip("x < y<b>z"));
        assertEquals("<?xml version=\"1.0\"?>p>t", strip("<?xml version=\"1.0\"?><p>t"));
        assertEquals("<b>x", strip("<<b>x"));
    }

    @Test
    void doesNotDecodeEntitiesAfterALiteralLessThan() {
        assertEquals("a < b &amp; c", strip("a < b &amp; c"));
    }

    @Test
    void keepsLoneLessThanAtEndOfInput() {
        assertEquals("a<", strip("a<"));
    }

    // --- line breaks ---

    @Test
    void breaksLinesAtBlockTags() {
        assertEquals("a\nb\nc\nd\ne\nf\ng\nh\ni",
                strip("a<p>b<br>c<div>d<li>e<tr>f<option>g</table>h</select>i"));
    }

    @Test
    void breaksLinesAtUpperCaseTagsWithAttributes() {
        assertEquals("a\nb\nc", strip("a<P class=x>b<BR/>c"));
    }

    @Test
    void writesNoLineBreakAtStartOrAfterALineEnd() {
        assertEquals("a", strip("<p>a"));
        assertEquals("a\nb", strip("a<br><br>b"));
        assertEquals("a\rb", strip("a\r<br>b"));
    }

    @Test
    void matchesLineBreakTagsAsPrefixes() {
        assertEquals("a\nb", strip("a<track>b"));
        assertEquals("a\nb", strip("a<link>b"));
        assertEquals("ab", strip("a<pre>b"));
        assertEquals("ab", strip("a<p\nclass=x>b"));
    }

    // --- URL attributes ---

    @Test
    void keepsHrefOfAnchorAsText() {
        assertEquals("see  http://example.com/x here.", strip("see <a href=\"http://example.com/x\">here</a>."));
    }

    @Test
    void keepsSingleQuotedUrl() {
        assertEquals(" https://a.b/c x", strip("<a href='https://a.b/c'>x</a>"));
    }

    @Test
    void keepsUnquotedUrlUpToGreaterThanIncludingOtherAttributes() {
        assertEquals(" ftp://h/f title=t x", strip("<a href=ftp://h/f title=t>x</a>"));
    }

    @Test
    void matchesUrlTagsAndAttributesCaseInsensitivelyWithBlanksAroundEquals() {
        assertEquals(" HTTP://X/ y", strip("<A HREF = \"HTTP://X/\">y</A>"));
        assertEquals(" http://u/ ", strip("<a href = \n \"http://u/\">"));
    }

    @Test
    void keepsOnlyHttpHttpsAndFtpUrls() {
        assertEquals("mr", strip("<a href=\"mailto:a@b\">m</a><a href=\"/rel\">r</a>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "img|src", "input|src", "iframe|src", "frame|src", "script|src", "form|action", "embed|src",
        "area|href", "base|href", "link|href", "source|src", "body|background", "blockquote|cite",
        "q|cite", "ins|cite", "del|cite"})
    void keepsUrlAttributeOfEachUrlTag(String tag, String attribute) {
        assertEquals(" http://u/ ", strip("<" + tag + " " + attribute + "=\"http://u/\">"));
    }

    @Test
    void ignoresOtherAttributesOfUrlTags() {
        assertEquals("", strip("<img href=\"http://u/\">"));
    }

    @Test
    void needsWhitespaceAfterTagNameToKeepUrl() {
        assertEquals(" http://u/ t", strip("<a\nhref=\"http://u/\">t</a>"));
        assertEquals("t", strip("<a/href=\"http://u/\">t</a>"));
    }

    @Test
    void findsAttributeOnlyWithinFiftyBytesOfTagName() {
        assertEquals(" http://u/ ", strip("<a " + "x".repeat(50) + "href=\"http://u/\">"));
        assertEquals("", strip("<a " + "x".repeat(51) + "href=\"http://u/\">"));
    }

    @Test
    void onlyFirstOccurrenceOfAttributeNameCounts() {
        assertEquals("t", strip("<a title=\"href\" href=\"http://u/\">t</a>"));
    }

    @Test
    void keepsUrlOfUnterminatedTagAtEndOfInput() {
        assertEquals("abc http://u/ ", strip("abc<a href=\"http://u/"));
    }

    @Test
    void missingClosingQuoteCopiesFollowingTextUpToInputLength() {
        String html = "<a href=\"http://u/>click</a> more";
        String stripped = strip(html);
        assertEquals(" http://u/>click</a> more click m", stripped);
        assertEquals(html.length(), stripped.length());
    }

    @Test
    void keepsDspamWritesPastItsOutputBufferAfterItFilled() {
        // DSPAM writes the spaces around a kept URL and a line break without checking its
        // buffer, which is as long as the input; the string it returns then ends past it.
        String html = "<a href=\"http://x><a href='http://y><br>";
        assertEquals(" http://x><a href='http://y><br>  http:/ \n", strip(html));
        assertEquals(html.length() + 2, strip(html).length());
    }

    // --- skipped elements ---

    @Test
    void skipsScriptContentEvenIfItContainsTags() {
        assertEquals("ab", strip("a<script>var x = '<b>';</script>b"));
    }

    @Test
    void skipsStyleContentWithAttributes() {
        assertEquals("x", strip("<style type=\"text/css\">p{}</style>x"));
    }

    @Test
    void matchesSkippedElementsCaseInsensitively() {
        assertEquals("y", strip("<SCRIPT>x</ScRiPt>y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"applet", "embed", "frameset", "frame", "iframe", "noembed", "noscript", "object",
        "script", "style"})
    void skipsContentOfEachSkippedElement(String element) {
        assertEquals("xy", strip("x<" + element + ">hidden <b>text</b></" + element + ">y"));
    }

    @Test
    void doesNotSkipScriptIframeFrameOrEmbedThatHaveAttributes() {
        assertEquals("go()x", strip("<script type=\"text/javascript\">go()</script>x"));
        assertEquals(" http://f/ innerx", strip("<iframe src=\"http://f/\">inner</iframe>x"));
    }

    @Test
    void endsSkippedElementOnlyAtExactClosingTag() {
        assertEquals("c", strip("<style>a</style >b</STYLE>c"));
    }

    @Test
    void doesNotNestSkippedElements() {
        assertEquals("bc", strip("<noscript><noscript>a</noscript>b</noscript>c"));
    }

    @Test
    void unclosedSkippedElementDropsRestOfInput() {
        assertEquals("a", strip("a<frame>b"));
        assertEquals("", strip("<iframe>x"));
    }

    @Test
    void skipsFramesetByItsOwnClosingTag() {
        assertEquals("x", strip("<frameset rows=2><frame src=\"http://f/\"></frameset>x"));
    }

    // --- table cells ---

    @Test
    void separatesAdjacentCellsWithOneSpace() {
        assertEquals("a b", strip("<td>a</td><td>b</td>"));
        assertEquals("a b", strip("a</TD><TD class=x>b"));
    }

    @Test
    void addsNoCellSpaceAfterWhitespace() {
        assertEquals("a b", strip("a </td><td>b"));
        assertEquals("a\nb", strip("a</td>\n<td>b"));
    }

    @Test
    void dropsWhitespaceAfterJoinedCell() {
        assertEquals("a b", strip("a</td><td>   b"));
    }

    @Test
    void cellJoinSurvivesTextAndFurtherCellsUntilAnotherTag() {
        assertEquals("atext b", strip("a</td>text<td>b"));
        assertEquals("a b c", strip("a</td><td>b<td>c"));
        assertEquals("a\nb", strip("a</td><tr><td>b"));
    }

    // --- named entities ---

    @Test
    void decodesNamedEntities() {
        assertEquals("<>&\"'\u00a9", strip("&lt;&gt;&amp;&quot;&apos;&copy;"));
    }

    @Test
    void matchesEntitiesCaseInsensitivelyAndTakesFirstInTable() {
        assertEquals("&", strip("&AMP;"));
        assertEquals("\u00c9", strip("&eacute;"));
        assertEquals("\u00ff\u00ff", strip("&yuml;&Yuml;"));
        assertEquals("\u00df", strip("&szlig;"));
    }

    @Test
    void decodesNbspAsPlainSpace() {
        assertEquals(" ", strip("&nbsp;"));
    }

    @Test
    void entitiesBeyondLatin1WriteNothing() {
        assertEquals("abc", strip("a&euro;b&mdash;c"));
    }

    @Test
    void keepsSemicolonAfterThetasymWhichDspamListsWithoutOne() {
        assertEquals(";", strip("&thetasym;"));
    }

    @Test
    void keepsEntityWithoutSemicolonAndUnknownEntityAsText() {
        assertEquals("&amp x", strip("&amp x"));
        assertEquals("&foo;", strip("&foo;"));
    }

    @Test
    void dropsWhitespaceAfterEntityUntilNextVisibleCharacter() {
        assertEquals("a&b", strip("a&amp;  b"));
        assertEquals(" x", strip("&nbsp; x"));
        assertEquals("tab\t<x", strip("tab\t&lt;\tx"));
    }

    @Test
    void keepsWhitespaceAfterTag() {
        assertEquals("& x", strip("&amp; <b> x"));
    }

    // --- numeric references ---

    @Test
    void decodesTwoDigitReferencesIgnoringLeadingZeros() {
        assertEquals("AAA", strip("&#65;&#065;&#0065;"));
        assertEquals("a Ab", strip("a &#65; b"));
    }

    @Test
    void referencesBelow32OrAbove255WriteNothing() {
        assertEquals("abc", strip("a&#10;b&#8364;c"));
        assertEquals(" ", strip("&#32;&#31;"));
    }

    @Test
    void dropsThreeDigitReferences() {
        assertEquals("x", strip("&#233;x"));
        assertEquals("", strip("&#100;"));
    }

    @Test
    void dropsHexAndMalformedReferencesUpToSemicolonSpaceOrTab() {
        assertEquals("B", strip("&#x41;B"));
        assertEquals("B", strip("&#x41 B"));
        assertEquals("B", strip("&#\tB"));
        assertEquals("x", strip("&#65 x"));
        assertEquals("tail", strip("&#12345 tail"));
        assertEquals("", strip("&#x41<b>bold</b>"));
    }

    // --- input handling ---

    @Test
    void stopsAtFirstNulByte() {
        assertEquals("a", strip("a\0<b>b"));
    }

    @Test
    void keepsPlainTextUnchanged() {
        String text = "Hello,\tworld!\r\n\u00e9\u00ff 100% > 99";
        assertEquals(text, strip(text));
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals("", strip(""));
    }

    @Test
    void nullGivesNull() {
        assertNull(strip(null));
    }

    @Test
    void neverThrowsOnRandomInput() {
        String[] pieces = {"<", ">", "&", "&#", ";", "0", "6", "5", " ", "\t", "\"", "'", "=", "/", "!", "a", "td",
            "</td>", "<td>", "<a href=\"", "<a href=", "http://", "<script>", "</script>", "<style ", "<br>",
            "&amp;", "&eacute;", "&thetasym", "<!--", "-->", "<frame>", "<img src='", "ftp:", "\u00ff"};
        Random random = new Random(20240611L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder html = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                if (random.nextBoolean()) {
                    html.append((char) random.nextInt(256));
                } else {
                    html.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String stripped = assertDoesNotThrow(() -> strip(html.toString()));
            assertTrue(stripped.chars().allMatch(c -> c > 0 && c <= 0xFF), () -> "non-byte output for " + html);
        }
    }

    // --- adversarial sizes: each must finish quickly (linear time) ---

    private static final int TWO_MB = 2 * 1024 * 1024;

    @Test
    void handlesLongRunOfLessThan() {
        assertEquals("<".repeat(TWO_MB / 2), strip("<".repeat(TWO_MB)));
    }

    @Test
    void handlesLongRunOfAmpersands() {
        assertEquals("&".repeat(TWO_MB), strip("&".repeat(TWO_MB)));
        assertEquals("", strip("&#".repeat(TWO_MB / 2)));
        assertEquals("", strip("&#" + "0".repeat(TWO_MB)));
    }

    @Test
    void handlesLongRunsOfOpenTags() {
        assertEquals("", strip("<a ".repeat(TWO_MB / 3)));
        assertEquals("", strip("</td><td".repeat(TWO_MB / 8)));
        assertEquals("", strip("<!--" + "-".repeat(TWO_MB)));
        assertEquals("", strip("<script>" + "<".repeat(TWO_MB)));
        assertEquals("", strip("<a " + " ".repeat(TWO_MB) + "href=\"http://u/\">"));
    }

    @Test
    void handlesLongRunOfUnclosedUrlAttributes() {
        String html = "<a href=\"http://".repeat(TWO_MB / 16);
        String stripped = strip(html);
        assertTrue(stripped.startsWith(" http://<a href=  http://<a href= "));
        assertTrue(stripped.length() <= html.length() + 2 * (TWO_MB / 16));
    }

    @Test
    void handlesLongPlainText() {
        String text = "lorem ipsum dolor sit amet ".repeat(TWO_MB / 27);
        assertEquals(text, strip(text));
    }
}
