package org.dspam.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

import org.dspam.classify.PValue;
import org.dspam.classify.TokenProbability;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverProvider;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.testing.CorpusFixture;
import org.dspam.token.Crc64;
import org.dspam.tools.launch.Distribution.Run;
import org.dspam.util.CFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launchers as processes against users that the engine wrote (through the real
 * dspam_train launcher) into hash_drv files, the default persistent storage: output compared
 * with the reference formats and with what the storage SPI reads back.
 *
 * <p>Needs the hash driver ({@code StorageDriver hash_drv}); where it is not installed these tests
 * are reported as skipped, saying so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaunchersOnHashDriverIT {
    static final Pattern STATS_LINE = Pattern.compile(
            "[^ ]+ +TP: {0,5}\\d+ TN: {0,5}\\d+ FP: {0,5}\\d+ FN: {0,5}\\d+ SC: {0,5}\\d+ NC: {0,5}\\d+");
    static final Pattern DUMP_LINE = Pattern.compile(
            "(\\d+) +S: (\\d{5})  I: (\\d{5})  P: (\\d\\.\\d{4}) LH: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");

    @TempDir
    static Path dir;
    static Distribution dist;
    static Path config;
    static Path home;

    @BeforeAll
    static void trainTwoUsers() throws Exception {
        boolean hash = false;
        for (StorageDriverProvider p : ServiceLoader.load(StorageDriverProvider.class)) {
            hash |= p.names().contains("hash_drv");
        }
        assumeTrue(hash, "needs hash_drv (org.dspam.storage.hash), which is not installed in this build");
        dist = new Distribution(dir.resolve("dspam"));
        home = dir.resolve("home");
        List<String> conf = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            conf.add(line.startsWith("Home ") ? "Home " + home : line.startsWith("StorageDriver ") ? "StorageDriver hash_drv" : line);
        }
        config = dir.resolve("dspam.conf");
        Files.write(config, conf);
        Path corpus = CorpusFixture.root();
        List<String> index = Files.readAllLines(CorpusFixture.reference("sa-corpus.index", dir));
        Files.write(dir.resolve("alice.index"), index.subList(0, 40));
        Files.write(dir.resolve("bob.index"), index.subList(40, 70));
        for (String user : new String[] {"alice", "bob"}) {
            Run r = dist.run(config, "dspam_train", user, "-i", dir.resolve(user + ".index").toString(),
                    "--base", corpus.toString());
            assertEquals(0, r.status(), r.err());
        }
    }

    static StorageDriver storage() {
        return StorageDrivers.open(DspamConfig.load(config), null);
    }

    static Totals totals(String user) {
        try (StorageDriver d = storage(); UserStorage s = d.open(user)) {
            return s.totals();
        }
    }

    static Map<Long, long[]> tokens(String user) {
        Map<Long, long[]> out = new HashMap<>();
        try (StorageDriver d = storage(); UserStorage s = d.open(user)) {
            s.forEachToken(r -> out.put(r.key(), new long[] {r.spamHits(), r.innocentHits()}));
        }
        return out;
    }

    static String statsLine(String user, Totals t) {
        long tp = Math.max(0, t.spamLearned() + t.spamClassified() - t.spamMisclassified() - t.spamCorpusfed());
        long tn = Math.max(0, t.innocentLearned() + t.innocentClassified() - t.innocentMisclassified() - t.innocentCorpusfed());
        return String.format("%-16s  TP:%6d TN:%6d FP:%6d FN:%6d SC:%6d NC:%6d%n", user, tp, tn,
                t.innocentMisclassified(), t.spamMisclassified(), t.spamCorpusfed(), t.innocentCorpusfed());
    }

    @Test
    @Order(1)
    void statsPrintsTheStoredTotalsForEveryUser() throws Exception {
        Totals alice = totals("alice");
        Totals bob = totals("bob");
        assertTrue(alice.spamLearned() > 0 && alice.innocentLearned() > 0, "dspam_train stored alice: " + alice);
        Run r = dist.run(config, "dspam_stats");
        assertEquals(new Run(0, statsLine("alice", alice) + statsLine("bob", bob), ""), r);
        assertTrue(STATS_LINE.matcher(r.out().lines().findFirst().orElseThrow()).matches());
        Run human = dist.run(config, "dspam_stats", "-H", "alice");
        assertEquals(0, human.status());
        assertEquals(13, human.out().lines().count());
        assertTrue(human.out().startsWith("alice:\n        \tTP True Positives:                "), human.out());
    }

    @Test
    @Order(2)
    void snapshotFileLivesInTheUsersDirectory() throws Exception {
        assertEquals(0, dist.run(config, "dspam_stats", "-r", "alice").status());
        assertTrue(Files.isRegularFile(home.resolve("data/alice/alice.rstats")));
        assertEquals(new Run(0, "alice             TP:     0 TN:     0 FP:     0 FN:     0 SC:     0 NC:     0\n", ""),
                dist.run(config, "dspam_stats", "-s", "alice"));
    }

    @Test
    @Order(3)
    void dumpPrintsEveryRecordAndLooksUpTokensByText() throws Exception {
        Map<Long, long[]> stored = tokens("alice");
        Run r = dist.run(config, "dspam_dump", "alice");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(stored.size(), lines.size());
        TokenProbability p = new TokenProbability(PValue.BCR, false, 0, false, false, totals("alice"));
        for (String line : lines) {
            var m = DUMP_LINE.matcher(line);
            assertTrue(m.matches(), line);
            long key = Long.parseUnsignedLong(m.group(1));
            long[] counts = stored.get(key);
            assertEquals(counts[0], Long.parseLong(m.group(2)), line);
            assertEquals(counts[1], Long.parseLong(m.group(3)), line);
            assertEquals(CFormat.fixed(p.token(null, false, counts[0], counts[1]), 4), m.group(4), line);
            assertEquals(20, line.indexOf(" S: "), "ids are padded to 20 columns");
        }
        String text = null;
        for (String candidate : new String[] {"of+the", "in+the", "to+the", "for+the", "on+the", "the", "Subject*Re"}) {
            if (stored.containsKey(Crc64.of(candidate))) {
                text = candidate;
                break;
            }
        }
        assertTrue(text != null, "a common token is stored");
        long key = Crc64.of(text);
        Run one = dist.run(config, "dspam_dump", "alice", text);
        assertEquals(0, one.status());
        assertTrue(one.out().startsWith(String.format("%-20s S: %05d  I: %05d  P: ", Long.toUnsignedString(key),
                stored.get(key)[0], stored.get(key)[1])), one.out());
        assertEquals(new Run(1, "", "token not found\n"), dist.run(config, "dspam_dump", "alice", "no+such+token+xyz"));
    }

    @Test
    @Order(4)
    void readingAnUnknownUserCreatesNothing() throws Exception {
        assertEquals(1, dist.run(config, "dspam_dump", "nobody").status());
        assertEquals(0, dist.run(config, "dspam_stats", "nobody").status());
        assertEquals(1, dist.run(config, "dspam_clean", "-p0", "nobody").status());
        assertFalse(Files.exists(home.resolve("data/nobody")), "no directory for nobody");
        try (StorageDriver d = storage()) {
            assertEquals(List.of("alice", "bob"), d.users());
        }
    }

    @Test
    @Order(5)
    void cleanRemovesNeutralTokensAndSignaturesAndKeepsTheRest() throws Exception {
        Map<Long, long[]> before = tokens("alice");
        Map<Long, long[]> bobBefore = tokens("bob");
        TokenProbability p = new TokenProbability(PValue.BCR, false, 0, false, false, totals("alice"));
        assertEquals(new Run(0, "", ""), dist.run(config, "dspam_clean", "-s0", "-p0", "alice"));
        Map<Long, long[]> after = tokens("alice");
        before.forEach((key, c) -> {
            double prob = p.token(null, false, c[0], c[1]);
            boolean neutral = prob >= 0.35 && prob <= 0.65;
            assertEquals(!neutral, after.containsKey(key), "token " + Long.toUnsignedString(key) + " p=" + prob);
        });
        assertTrue(after.size() < before.size());
        try (StorageDriver d = storage(); UserStorage s = d.open("alice")) {
            assertEquals(List.of(), s.signatures());
        }
        assertEquals(bobBefore.size(), tokens("bob").size(), "bob was not named");
    }

    @Test
    @Order(6)
    void mergeAddsUsersIntoANewOne() throws Exception {
        Map<Long, long[]> alice = tokens("alice");
        Map<Long, long[]> bob = tokens("bob");
        Run r = dist.run(config, "dspam_merge", "alice", "bob", "-o", "group");
        assertEquals(0, r.status(), r.err());
        Map<Long, long[]> group = tokens("group");
        Map<Long, long[]> expected = new HashMap<>();
        for (Map<Long, long[]> m : List.of(alice, bob)) {
            m.forEach((k, c) -> expected.merge(k, c.clone(), (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
        }
        assertEquals(expected.size(), group.size());
        expected.forEach((k, c) -> assertEquals(List.of(c[0], c[1]), List.of(group.get(k)[0], group.get(k)[1])));
        assertEquals(totals("alice").spamLearned() + totals("bob").spamLearned(), totals("group").spamLearned());
    }

    @Test
    @Order(7)
    void preferencesPersistInTheDriversStore() throws Exception {
        assertEquals(new Run(0, "operation successful.\n", ""),
                dist.run(config, "dspam_admin", "add", "preference", "alice", "spamAction", "tag"));
        assertEquals(new Run(0, "spamAction=tag\n", ""), dist.run(config, "dspam_admin", "list", "preference", "alice"));
        Run aggregate = dist.run(config, "dspam_admin", "aggregate", "preference", "alice");
        assertTrue(aggregate.out().contains("spamAction=tag\n"), aggregate.out());
        assertTrue(aggregate.out().contains("trainingMode=TOE\n"), aggregate.out());
        assertEquals(new Run(0, "operation successful.\n", ""),
                dist.run(config, "dspam_admin", "delete", "preference", "alice", "spamAction"));
        assertEquals(new Run(0, "", ""), dist.run(config, "dspam_admin", "list", "preference", "alice"));
    }
}
