package org.dspam.storage.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dspam.classify.Verdict;
import org.dspam.config.DspamConfig;
import org.dspam.engine.Engine;
import org.dspam.engine.EngineSettings;
import org.dspam.engine.Job;
import org.dspam.engine.Outcome;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.MessagePipeline;
import org.dspam.message.SignatureScan;
import org.dspam.signature.SignatureIds;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;
import org.dspam.testing.CorpusFixture;

/**
 * Runs the engine over the start of the SpamAssassin corpus against a storage driver, as
 * dspam_train does (each step in a session of its own, as separate dspam runs would), and
 * records what it decided and what it stored, so that two drivers can be compared.
 */
final class CorpusReplay {
    record Message(MessageClass label, byte[] bytes) {
    }

    /**
     * What a run left behind.
     *
     * @param decisions one line per message: result, class, probability, confidence
     * @param totals the user's totals
     * @param tokens every stored token: id to {spam, innocent}
     * @param lastHits the distinct last-hit days of the stored tokens
     * @param signatures the number of stored signatures
     */
    record Result(List<String> decisions, String totals, Map<Long, List<Long>> tokens, List<Long> lastHits,
                  int signatures) {
    }

    private static List<Message> corpus;

    /** The tokens whose stored counts differ between two results, for a short failure message. */
    static List<String> tokenDifferences(Result expected, Result actual) {
        List<String> out = new ArrayList<>();
        java.util.Set<Long> keys = new java.util.TreeSet<>(expected.tokens().keySet());
        keys.addAll(actual.tokens().keySet());
        for (Long k : keys) {
            List<Long> e = expected.tokens().get(k);
            List<Long> a = actual.tokens().get(k);
            if (!java.util.Objects.equals(e, a)) {
                out.add(Long.toUnsignedString(k) + ": expected " + e + ", stored " + a);
            }
        }
        return out;
    }

    private final Engine engine = new Engine();
    private final EngineSettings settings;

    private CorpusReplay(EngineSettings settings) {
        this.settings = settings;
    }

    /** The shipped dspam.conf's settings, with the training mode fixed when {@code mode} is given. */
    static CorpusReplay shippedConfig(TrainingMode mode) {
        DspamConfig config = DspamConfig.load(Path.of("../conf/dspam.conf"));
        SettingsResolver resolver = new SettingsResolver(config);
        Preferences prefs = resolver.preferences(Map.of(), Map.of(), rejected -> { });
        return new CorpusReplay(resolver.resolve(prefs, resolver.configuredFeatures(e -> { }), mode));
    }

    /** The first {@code n} corpus messages in the reference order. */
    static synchronized List<Message> messages(int n, Path tempDir) throws IOException {
        if (corpus == null || corpus.size() < n) {
            Path root = CorpusFixture.root();
            Path index = CorpusFixture.reference("sa-corpus.index", Files.createTempDirectory(tempDir, "index"));
            List<Message> out = new ArrayList<>();
            for (String line : Files.readAllLines(index)) {
                if (out.size() == n) {
                    break;
                }
                String[] f = line.strip().split(" ", 2);
                out.add(new Message(f[0].equals("spam") ? MessageClass.SPAM : MessageClass.INNOCENT,
                        Files.readAllBytes(root.resolve(f[1]))));
            }
            corpus = out;
        }
        return corpus.subList(0, n);
    }

    /** Learns one message with its true class, as {@code dspam --class=X --source=corpus} does. */
    void trainCorpus(StorageDriver driver, String user, Message m) {
        try (UserStorage s = driver.open(user)) {
            engine.process(s, settings, Job.train(m.label(), Source.CORPUS), prepare(m, false).text());
        }
    }

    /** What a driver holds for a user. */
    static Result stored(StorageDriver driver, String user) {
        return result(driver, user, List.of());
    }

    /** The online evaluation: classify each message ({@code --classify}), then learn it as corpus with its true class. */
    Result online(StorageDriver driver, String user, List<Message> messages) {
        List<String> decisions = new ArrayList<>();
        for (Message m : messages) {
            Outcome o;
            try (UserStorage s = driver.open(user)) {
                o = engine.process(s, settings, Job.classify(), prepare(m, true).text());
            }
            decisions.add(describe(o));
            try (UserStorage s = driver.open(user)) {
                engine.process(s, settings, Job.train(m.label(), Source.CORPUS), prepare(m, false).text());
            }
        }
        return result(driver, user, decisions);
    }

    /** DSPAM's own dspam_train: process as new mail with a signature, and retrain from it when wrong. */
    Result nativeTraining(StorageDriver driver, String user, List<Message> messages) {
        SignatureIds ids = new SignatureIds(4242, new java.util.Random(7));
        List<String> decisions = new ArrayList<>();
        long clock = 1_700_000_000L;
        for (Message m : messages) {
            Outcome o;
            String id = null;
            try (UserStorage s = driver.open(user)) {
                o = engine.process(s, settings, Job.process(), prepare(m, true).text());
                if (o.signature() != null) {
                    id = ids.next(clock++, s::hasSignature);
                    s.storeSignature(id, o.signature());
                }
            }
            decisions.add(describe(o));
            if (id != null && o.classified() && o.verdict().spam() != m.label().isSpam()) {
                try (UserStorage s = driver.open(user)) {
                    engine.retrain(s, settings, m.label(), Source.ERROR, false, s.signature(id).orElseThrow());
                }
            }
        }
        return result(driver, user, decisions);
    }

    private static MessagePipeline.Prepared prepare(Message m, boolean newMail) {
        return MessagePipeline.prepare(m.bytes(), new SignatureScan.Options(false, false, newMail), false);
    }

    private static String describe(Outcome o) {
        if (o == null || !o.classified()) {
            return "N/A";
        }
        Verdict v = o.verdict();
        return v.resultName() + " " + v.className() + " " + v.probability() + " " + v.confidence();
    }

    private static Result result(StorageDriver driver, String user, List<String> decisions) {
        Map<Long, List<Long>> tokens = new TreeMap<>();
        java.util.Set<Long> days = new java.util.TreeSet<>();
        String totals;
        int signatures;
        try (UserStorage s = driver.open(user)) {
            totals = s.totals().toString();
            s.forEachToken(r -> {
                tokens.put(r.key(), List.of(r.spamHits(), r.innocentHits()));
                days.add(r.lastHitEpochDay());
            });
            signatures = s.signatures().size();
        }
        return new Result(decisions, totals, tokens, List.copyOf(days), signatures);
    }
}
