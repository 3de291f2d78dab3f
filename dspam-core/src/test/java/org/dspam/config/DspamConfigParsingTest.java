package org.dspam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How lines become directives and values; each rule mirrors DSPAM's read_config(). */
class DspamConfigParsingTest {

    private static DspamConfig parse(String... lines) {
        return DspamConfig.parse(String.join("\n", lines) + "\n", "test.conf");
    }

    @Test
    void valueIsTokenisedOnSpacesAndTabs() {
        DspamConfig config = parse("Algorithm\tgraham  burton");
        assertEquals(List.of("graham", "burton"), config.getAll("Algorithm"));
    }

    @Test
    void doubleQuotesGroupAndAreRemoved() {
        DspamConfig config = parse("UntrustedDeliveryAgent \"/usr/bin/procmail -d %u\"");
        assertEquals(Optional.of("/usr/bin/procmail -d %u"), config.get("UntrustedDeliveryAgent"));
    }

    @Test
    void unquotedValueKeepsOnlyFirstWordForSingleValuedKeys() {
        DspamConfig config = parse("TrustedDeliveryAgent /usr/bin/procmail -d %u");
        assertEquals(Optional.of("/usr/bin/procmail"), config.get("TrustedDeliveryAgent"));
        assertEquals(List.of("/usr/bin/procmail", "-d", "%u"), config.getAll("TrustedDeliveryAgent"));
    }

    @Test
    void quoteInsideAWordIsAnOrdinaryCharacter() {
        DspamConfig config = parse("X a\"b c\"");
        assertEquals(List.of("a\"b", "c\""), config.getAll("X"));
    }

    @Test
    void closingQuoteEndsTokenEvenWithoutFollowingSpace() {
        DspamConfig config = parse("X \"a b\"c");
        assertEquals(List.of("a b", "c"), config.getAll("X"));
    }

    @Test
    void unterminatedQuoteRunsToEndOfLine() {
        DspamConfig config = parse("X \"a b  ");
        assertEquals(List.of("a b  "), config.getAll("X"));
    }

    @Test
    void emptyQuotesGiveAnEmptyValue() {
        DspamConfig config = parse("ServerParameters \"\"");
        assertEquals(Optional.of(""), config.get("ServerParameters"));
    }

    @Test
    void directiveNameMayBeQuoted() {
        DspamConfig config = parse("\"Trust\" root");
        assertEquals(List.of("root"), config.getAll("Trust"));
    }

    @Test
    void hashStartsCommentEvenInsideQuotes() {
        DspamConfig config = parse("Preference \"spamSubject=#SPAM\"");
        assertEquals(List.of("spamSubject="), config.getAll("Preference"));
    }

    @Test
    void semicolonStartsCommentWhenLineHasNoHash() {
        DspamConfig config = parse("ServerParameters \"--deliver=innocent; -d %u\"");
        assertEquals(Optional.of("--deliver=innocent"), config.get("ServerParameters"));
    }

    @Test
    void semicolonIsKeptWhenLineAlsoHasHash() {
        DspamConfig config = parse("X a;b # c;d");
        assertEquals(List.of("a;b"), config.getAll("X"));
    }

    @Test
    void commentAndBlankLinesAreIgnored() {
        DspamConfig config = parse("# Home /nowhere", "", "   \t ", "; Trust nobody", "Home /var/spool/dspam");
        assertEquals(List.of("Home"), config.names());
    }

    @Test
    void directiveWithoutValueAddsNothing() {
        DspamConfig config = parse("Home", "MySQLPort   # no value");
        assertFalse(config.contains("Home"));
        assertTrue(config.names().isEmpty());
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        DspamConfig config = DspamConfig.parse("Home /a\r\nTrust root\r\n", "dos.conf");
        assertEquals(Optional.of("/a"), config.get("Home"));
        assertEquals(List.of("root"), config.getAll("Trust"));
    }

    @Test
    void lastLineNeedsNoNewline() {
        assertEquals(Optional.of("toe"), DspamConfig.parse("TrainingMode toe", "t").get("TrainingMode"));
    }

    @Test
    void otherWhitespaceIsPartOfAToken() {
        DspamConfig config = parse("X a\u000bb");
        assertEquals(List.of("a\u000bb"), config.getAll("X"));
    }

    @Test
    void repeatedTrustLinesAccumulate() {
        DspamConfig config = parse("Trust root", "Trust dspam", "Trust mail");
        assertEquals(List.of("root", "dspam", "mail"), config.getAll("Trust"));
    }

    @Test
    void repeatedKeysAccumulateInFileOrderAcrossOtherLines() {
        DspamConfig config = parse("Feature noise", "Trust root", "Feature whitelist", "Feature tb=5");
        assertEquals(List.of("noise", "whitelist", "tb=5"), config.getAll("Feature"));
    }

    @Test
    void singleValuedKeyUsesFirstOccurrenceAsDspamDoes() {
        DspamConfig config = parse("TrainingMode toe", "TrainingMode teft");
        assertEquals(Optional.of("toe"), config.get("TrainingMode"));
        assertEquals(List.of("toe", "teft"), config.getAll("TrainingMode"));
    }

    @Test
    void namesAreLookedUpIgnoringCaseAsDspamDoes() {
        DspamConfig config = parse("Trust root", "trust dspam", "TRUST mail");
        assertEquals(List.of("root", "dspam", "mail"), config.getAll("Trust"));
        assertEquals(List.of("root", "dspam", "mail"), config.getAll("trust"));
        assertEquals(List.of("Trust"), config.names(), "the first spelling is kept");
    }

    @Test
    void valuesRememberWhereTheyWereRead() {
        DspamConfig config = parse("# header", "Trust root", "Algorithm graham burton");
        ConfigValue burton = config.values("Algorithm").get(1);
        assertEquals(new ConfigValue("Algorithm", "burton", "test.conf", 3), burton);
        assertEquals("test.conf:3", burton.location());
    }

    @Test
    void entriesKeepReadingOrder() {
        DspamConfig config = parse("A 1", "B 2", "A 3");
        assertEquals(List.of("1", "2", "3"),
                config.entries().stream().map(ConfigValue::value).toList());
        assertEquals(List.of("A", "B"), config.names());
    }
}
