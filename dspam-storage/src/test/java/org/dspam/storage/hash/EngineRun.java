package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.engine.Engine;
import org.dspam.engine.EngineSettings;
import org.dspam.engine.Job;
import org.dspam.engine.Outcome;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.message.MessagePipeline;
import org.dspam.message.SignatureScan;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;
import org.dspam.testing.CorpusFixture;

/**
 * The engine on a storage driver, as {@code dspam --classify} and {@code dspam --class=X --source=corpus} run it
 * (one session per message), for tests that need real token traffic.
 */
final class EngineRun {
    /** A corpus message and its label. */
    record Message(MessageClass label, Path file) {
    }

    private final StorageDriver driver;
    private final String user;
    private final EngineSettings settings;
    private final Engine engine = new Engine();

    EngineRun(StorageDriver driver, DspamConfig config, String user) {
        this.driver = driver;
        this.user = user;
        SettingsResolver resolver = new SettingsResolver(config);
        Preferences prefs = resolver.preferences(driver.preferences(null), driver.preferences(user), w -> { });
        this.settings = resolver.resolve(prefs, resolver.configuredFeatures(w -> { }), null);
    }

    /** The shipped dspam.conf with {@code Home} set and the given lines replacing the directives they name. */
    static DspamConfig config(Path home, String... lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            String name = line.split("[ \t]", 2)[0];
            boolean replaced = false;
            for (String l : lines) {
                if (l.split("[ \t]", 2)[0].equals(name)) {
                    replaced = true;
                }
            }
            if (name.equals("Home")) {
                out.add("Home " + home);
            } else if (!replaced) {
                out.add(line);
            }
        }
        out.addAll(List.of(lines));
        return DspamConfig.parse(String.join("\n", out) + "\n", home.resolve("dspam.conf").toString());
    }

    /** The settings the fixtures were made with ({@code dspam.conf.excerpt}). */
    static String[] fixtureSettings(String which) throws IOException {
        return Files.readAllLines(Fixtures.folder(which).resolve("dspam.conf.excerpt")).stream()
                .filter(l -> !l.isBlank()).toArray(String[]::new);
    }

    /** Corpus messages {@code from} (1-based, inclusive) to {@code to}, in sa-corpus.index order. */
    static List<Message> corpus(Path scratch, int from, int to) throws IOException {
        Path root = CorpusFixture.root();
        Path index = scratch.resolve("sa-corpus.index");
        if (!Files.exists(index)) {
            CorpusFixture.reference("sa-corpus.index", scratch);
        }
        List<Message> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(index)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            n++;
            if (n < from || n > to) {
                continue;
            }
            String[] f = line.split(" ", 2);
            out.add(new Message(f[0].equals("spam") ? MessageClass.SPAM : MessageClass.INNOCENT, root.resolve(f[1])));
        }
        return out;
    }

    /** {@code dspam --classify}; null when the message has no tokens. */
    Outcome classify(byte[] message) {
        MessagePipeline.Prepared p = MessagePipeline.prepare(message, new SignatureScan.Options(false, false, true), false);
        if (p == null) {
            return null;
        }
        try (UserStorage s = driver.open(user)) {
            return engine.process(s, settings, Job.classify(), p.text());
        }
    }

    /** {@code dspam --class=X --source=corpus}. */
    Outcome train(byte[] message, MessageClass label) {
        MessagePipeline.Prepared p = MessagePipeline.prepare(message, new SignatureScan.Options(false, false, false), false);
        if (p == null) {
            return null;
        }
        try (UserStorage s = driver.open(user)) {
            return engine.process(s, settings, Job.train(label, Source.CORPUS), p.text());
        }
    }
}
