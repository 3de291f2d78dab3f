package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.engine.OperatingMode;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {
    private static final DspamConfig CONFIG = DspamConfig.parse(
            "Home /tmp/x\nTrust mail\nClassAliasSpam badstuff\nClassAliasNonspam goodstuff\nProfile DEFAULT\n",
            "test.conf");
    private static final Caller ROOT = new Caller("root", 0);

    private static AgentOptions parse(String... args) {
        return new ArgumentParser(CONFIG, ROOT).parse(List.of(args));
    }

    @Test
    void userListEndsAtTheNextDashArgument() {
        AgentOptions o = parse("--user", "a", "b@example.org", "--classify", "c");
        assertEquals(List.of("a", "b@example.org"), o.users());
        assertEquals(OperatingMode.CLASSIFY, o.operatingMode());
        assertEquals("c ", o.passThrough());
    }

    @Test
    void doubleDashEndsTheListAndIsDropped() {
        AgentOptions o = parse("--deliver=innocent", "--user", "bob", "--", "-d", "%u");
        assertEquals(List.of("bob"), o.users());
        assertEquals("-d %u ", o.passThrough());
        assertTrue(o.deliverInnocent());
    }

    @Test
    void unknownFlagsAndAStrayDoubleDashBecomeDeliveryArguments() {
        AgentOptions o = parse("--frobnicate", "--", "--user", "u", "", "--stdout");
        // An empty argument ends the user list and is kept for the delivery agent as "".
        assertEquals("--frobnicate -- \"\" ", o.passThrough());
        assertEquals(List.of("u"), o.users());
        assertTrue(o.stdout());
    }

    @Test
    void recipientsAreCollectedLikeUsers() {
        AgentOptions o = parse("--rcpt-to", "a@x.org", "b@y.org", "--user", "a", "b");
        assertEquals(List.of("a@x.org", "b@y.org"), o.recipients());
        assertEquals(List.of("a", "b"), o.users());
    }

    @Test
    void deliverValuesCombine() {
        AgentOptions o = parse("--deliver=spam,nonspam,summary");
        assertTrue(o.deliverSpam());
        assertTrue(o.deliverInnocent());
        assertTrue(o.summary());
        assertFalse(o.stdout());
        AgentOptions s = parse("--deliver=stdout");
        assertTrue(s.stdout() && s.deliverSpam() && s.deliverInnocent());
    }

    @Test
    void badValuesAreRefusedWithDspamsMessages() {
        assertEquals("Invalid training mode 'bogus' specified",
                assertThrows(AgentException.class, () -> parse("--mode=bogus")).getMessage());
        assertEquals("No such class 'bogus'",
                assertThrows(AgentException.class, () -> parse("--class=bogus")).getMessage());
        assertEquals("No such source 'bogus'",
                assertThrows(AgentException.class, () -> parse("--source=bogus")).getMessage());
        AgentException deliver = assertThrows(AgentException.class, () -> parse("--deliver=bogus"));
        assertEquals("No such delivery option 'bogus'", deliver.getMessage());
        assertEquals(AgentException.INIT_FAILED, deliver.summary());
        assertEquals("Illegal username ('../' or '..\\' not allowed in username)",
                assertThrows(AgentException.class, () -> parse("--user", "../etc")).getMessage());
        assertEquals("No such profile 'nope'",
                assertThrows(AgentException.class, () -> parse("--profile=nope")).getMessage());
    }

    @Test
    void classAliasesAndUnlearnMode() {
        AgentOptions o = parse("--class=badstuff", "--source=corpus", "--mode=unlearn");
        assertEquals(MessageClass.SPAM, o.classification());
        assertEquals(Source.CORPUS, o.source());
        assertEquals(TrainingMode.TEFT, o.trainingMode());
        assertTrue(o.unlearn());
        assertEquals(MessageClass.INNOCENT, parse("--class=goodstuff").classification());
    }

    @Test
    void badFeatureIsOnlyAWarning() {
        AgentOptions o = parse("--feature=no,bogus,tb=5");
        assertTrue(o.features().noise());
        assertEquals(5, o.features().trainingBuffer());
        assertEquals(List.of("No such feature 'bogus'"), o.warnings());
    }

    @Test
    void checkRefusesInconsistentRequests() {
        ArgumentParser p = new ArgumentParser(CONFIG, ROOT);
        assertEquals("No source was specified for this class", assertThrows(AgentException.class,
                () -> p.check(parse("--user", "u", "--class=spam"))).getMessage());
        assertEquals("No class was specified for this source", assertThrows(AgentException.class,
                () -> p.check(parse("--user", "u", "--source=corpus"))).getMessage());
        AgentException classify = assertThrows(AgentException.class,
                () -> p.check(parse("--user", "u", "--classify", "--class=spam", "--source=corpus")));
        assertEquals("Classify mode may not specify a class", classify.getMessage());
        assertEquals(AgentException.MISCONFIGURED, classify.summary());
        assertEquals("Unable to determine the destination user", assertThrows(AgentException.class,
                () -> p.check(parse("--user", "--classify"))).getMessage());
        p.check(parse("--user", "u", "--class=spam", "--mode=unlearn"));
    }

    @Test
    void untrustedCallerIsAlwaysThemselvesAndCannotPassArguments() {
        ArgumentParser p = new ArgumentParser(CONFIG, new Caller("alice", 1000));
        assertFalse(p.trusted());
        AgentOptions o = p.parse(List.of("--deliver=innocent", "--user", "alice", "--", "-d", "root"));
        assertEquals(List.of("alice"), o.users());
        assertEquals("", o.passThrough());
        AgentException e = assertThrows(AgentException.class, () -> p.parse(List.of("--user", "bob")));
        assertTrue(e.getMessage().startsWith("Option --user requires special privileges"), e.getMessage());
        assertTrue(e.getMessage().endsWith("[uid=1000(alice)]"), e.getMessage());
        assertThrows(AgentException.class, () -> p.parse(List.of("--profile=DEFAULT")));
        assertFalse(p.parse(List.of("--daemon")).daemon());
    }

    @Test
    void trustListAdmitsNamedUsers() {
        assertTrue(new ArgumentParser(CONFIG, new Caller("mail", 8)).trusted());
        assertNull(parse("--user", "x").classification());
    }
}
