package org.dspam.tools.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.dspam.storage.SignatureInfo;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dspam_clean on a driver without last-hit dates (the memory driver, like the hash files). */
class CleanCommandTest {
    static final String SYNTAX = "dspam_clean [-s[age] -p[age] -u[any,hapax,nospam,onehit] -h] [user1 user2 ... userN]\n";
    static final String[] SHIPPED = {"PurgeSignatures 14", "PurgeNeutral 90", "PurgeUnused 90", "PurgeHapaxes 30",
        "PurgeHits1S 15", "PurgeHits1I 15"};
    static final Totals TOTALS = new Totals(100, 100, 0, 0, 0, 0, 0, 0);
    static final long NEUTRAL = 1;
    static final long NEUTRAL_FEW = 2;
    static final long HAPAX = 3;
    static final long SPAMMY = 4;
    static final long HAMMY = 5;
    static final long ONE_SPAM_HIT = 6;

    @TempDir
    Path dir;
    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir, SHIPPED).at(Instant.now());
        for (String user : new String[] {"alice", "bob"}) {
            tools.store(user, TOTALS, NEUTRAL, 10, 10, NEUTRAL_FEW, 2, 2, HAPAX, 0, 1, SPAMMY, 15, 0, HAMMY, 0, 30,
                    ONE_SPAM_HIT, 1, 0);
            try (UserStorage s = tools.driver.open(user)) {
                s.storeSignature("sig1", new byte[16]);
            }
        }
    }

    Result clean(String... args) {
        return tools.run(CleanCommand::run, args);
    }

    Set<Long> tokens(String user) {
        return tools.with(user, s -> {
            Set<Long> keys = new TreeSet<>();
            s.forEachToken(r -> keys.add(r.key()));
            return keys;
        });
    }

    Set<String> signatures(String user) {
        return tools.with(user, s -> {
            Set<String> ids = new TreeSet<>();
            s.signatures().stream().map(SignatureInfo::id).forEach(ids::add);
            return ids;
        });
    }

    @Test
    void configuredPurgesRemoveEstablishedNeutralTokensAndKeepWhatMayStillLearn() {
        assertEquals(new Result(0, "", ""), clean());
        Set<Long> kept = Set.of(NEUTRAL_FEW, HAPAX, SPAMMY, HAMMY, ONE_SPAM_HIT);
        assertEquals(kept, tokens("alice"));
        assertEquals(kept, tokens("bob"));
        assertEquals(Set.of("sig1"), signatures("alice"), "a signature of today is younger than 14 days");
        assertEquals(TOTALS, tools.with("alice", UserStorage::totals), "totals are never touched");
    }

    @Test
    void signaturesGoOnceOlderThanTheirAge() {
        tools.at(Instant.now().plus(Duration.ofDays(16)));
        assertEquals(new Result(0, "", ""), clean("-s", "alice"));
        assertEquals(Set.of(), signatures("alice"));
        assertEquals(Set.of("sig1"), signatures("bob"), "only the named user is cleaned");
        assertEquals(5, tokens("alice").size(), "the purges dspam.conf configures run as well, as in DSPAM");
        assertEquals(6, tokens("bob").size());
    }

    @Test
    void ageZeroMeansEverythingTheRuleCovers() {
        assertEquals(new Result(0, "", ""), clean("-s0", "-p0", "bob"));
        assertEquals(Set.of(), signatures("bob"));
        assertEquals(Set.of(SPAMMY, HAMMY), tokens("bob"), "every neutral token, hapaxes included, goes with -p0");
        assertEquals(6, tokens("alice").size());
    }

    @Test
    void hapaxPurgesNeedAgeZeroWithoutDates() {
        tools.driver.setPreference("alice", "trainingMode", "toe");
        tools.driver.setPreference(null, "trainingMode", "teft");
        assertEquals(new Result(0, "", ""), clean("-u", "alice"));
        assertEquals(Set.of(NEUTRAL_FEW, HAPAX, SPAMMY, HAMMY, ONE_SPAM_HIT), tokens("alice"),
                "ages of 90/30/15/15 days cannot be judged without dates; only the configured neutral purge acts");
        assertEquals(new Result(0, "", ""), clean("-u90,0", "alice"));
        assertEquals(Set.of(NEUTRAL_FEW, SPAMMY, HAMMY), tokens("alice"),
                "in TOE mode -u90,0 removes hapaxes (fewer than 5 weighted hits) only");
    }

    @Test
    void unusedAgeZeroOutsideToeRemovesEveryToken() {
        assertEquals(new Result(0, "", ""), clean("-u0", "bob"));
        assertEquals(Set.of(), tokens("bob"));
    }

    @Test
    void helpAndBadArguments() {
        assertEquals(new Result(0, "", SYNTAX), clean("-h"));
        assertEquals(new Result(0, "", SYNTAX), clean("--help"));
        assertEquals(new Result(1, "", SYNTAX), clean("-x"), "DSPAM took -x for a user name and created it");
        assertEquals(new Result(1, "", SYNTAX), clean("-sabc"), "DSPAM read this as -s0 and removed every signature");
        assertEquals(new Result(1, "", SYNTAX), clean("-u1,2,3,4,5"));
        assertEquals(6, tokens("alice").size());
        assertEquals(Set.of("sig1"), signatures("alice"));
    }

    @Test
    void nothingConfiguredAndNothingAskedPrintsTheUsage() throws IOException {
        tools = new ToolHarness(dir.resolve("bare"));
        assertEquals(new Result(1, "", SYNTAX), clean());
    }

    @Test
    void configuredZeroSwitchesTheUnusedPurgeOff() throws IOException {
        ToolHarness bare = new ToolHarness(dir.resolve("zero"), "PurgeUnused 90", "PurgeHapaxes 0");
        assertEquals(new Result(1, "", SYNTAX), bare.run(CleanCommand::run));
    }

    @Test
    void aBadConfiguredAgeIsAnError() throws IOException {
        ToolHarness bad = new ToolHarness(dir.resolve("bad"), "PurgeNeutral soon");
        Result r = bad.run(CleanCommand::run);
        assertEquals(1, r.status());
        assertEquals(true, r.err().contains("PurgeNeutral must be a number of days or off"), r.err());
    }

    @Test
    void unknownUsersAreReportedNotCreated() {
        Result r = clean("-p0", "nobody", "alice");
        assertEquals(new Result(1, "", "dspam_clean: no such user 'nobody'; skipped\n"), r);
        assertFalse(tools.driver.exists("nobody"));
        assertEquals(Set.of(SPAMMY, HAMMY), tokens("alice"), "the other users are still cleaned");
    }
}
