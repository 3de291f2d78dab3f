package org.dspam.tools.train;

import java.util.function.Consumer;
import java.util.function.Predicate;

import org.dspam.engine.Engine;
import org.dspam.engine.EngineSettings;
import org.dspam.engine.Job;
import org.dspam.engine.Outcome;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.engine.TokenizedMessage;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.MessagePipeline;
import org.dspam.message.SignatureScan;
import org.dspam.signature.SignatureIds;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;

/**
 * Runs what dspam_train does with a message for one user, as {@code dspam} agents would: classify it
 * ({@code --classify}) and train it with its true class ({@code --class=X --source=corpus}), or process it as new
 * mail and retrain it from its signature when the result was wrong.
 */
public final class Trainer {
    private final StorageDriver driver;
    private final String user;
    private final EngineSettings settings;
    private final Preferences preferences;
    private final Engine engine = new Engine();
    private final SignatureIds signatureIds = SignatureIds.forThisProcess();

    public Trainer(StorageDriver driver, SettingsResolver resolver, String user, Consumer<String> warnings) {
        this.driver = driver;
        this.user = user;
        this.preferences = resolver.preferences(driver.preferences(null), driver.preferences(user),
                name -> warnings.accept("Ignoring disallowed preference '" + name + "'"));
        this.settings = resolver.resolve(preferences, resolver.configuredFeatures(warnings), null);
    }

    public EngineSettings settings() {
        return settings;
    }

    private SignatureScan.Options scanOptions(boolean newMail) {
        return new SignatureScan.Options(preferences.value("signatureLocation").equals("headers"),
                preferences.isOn("trainPristine"), newMail);
    }

    /**
     * A message parsed as new mail and, with {@code tokens}, tokenized: what {@link #classifyThenTrain} and
     * {@link #processAndCorrect} start from. Independent of what the user has learned, so it may be made on
     * another thread ahead of its turn ({@link ReadAhead}).
     */
    public record Ready(byte[] message, MessagePipeline.Prepared prepared, TokenizedMessage tokens) {
    }

    /** Makes a message {@link Ready}; thread-safe. */
    public Ready ready(byte[] message, boolean tokenize) {
        MessagePipeline.Prepared p = MessagePipeline.prepare(message, scanOptions(true), false);
        return new Ready(message, p, p == null || !tokenize ? null : engine.tokenize(settings, p.text()));
    }

    /**
     * {@code dspam --classify}, then, when {@code train} accepts its outcome, {@code --class=label --source=corpus}:
     * what {@code dspam_train} does with a message when it is told the results. Both run in one session of the
     * user's storage, so the user is locked once, and the training finds its tokens where the classification
     * looked them up; each sees the user as the other leaves it, as two agents one after the other would.
     *
     * @return the classification's outcome; null when the message is empty or has no tokens (nothing is trained)
     */
    public Outcome classifyThenTrain(Ready m, MessageClass label, Predicate<Outcome> train) {
        MessagePipeline.Prepared p = m.prepared();
        if (p == null) {
            return null;
        }
        try (UserStorage store = driver.open(user)) {
            Outcome outcome = engine.process(store, settings, Job.classify(), tokens(m, p));
            if (train.test(outcome)) {
                // Parsed for training rather than as new mail, a message keeps the signature tag new mail has cut out.
                MessagePipeline.Prepared asCorpus = p.signature() == null ? p
                        : MessagePipeline.prepare(m.message(), scanOptions(false), false);
                if (asCorpus != null) {
                    engine.process(store, settings, Job.train(label, Source.CORPUS), tokens(m, asCorpus));
                }
            }
            return outcome;
        }
    }

    /** The message's tokens when they were made from this text (classifying and training share them), else new ones. */
    private TokenizedMessage tokens(Ready m, MessagePipeline.Prepared p) {
        TokenizedMessage t = m.tokens();
        return t != null && t.text().equals(p.text()) ? t : engine.tokenize(settings, p.text());
    }

    /**
     * New mail, then a correction from its signature if the result was not {@code label}.
     *
     * @return the verdict on the message as new mail, or null when it could not be classified
     */
    public Outcome processAndCorrect(Ready m, MessageClass label) {
        MessagePipeline.Prepared p = m.prepared();
        if (p == null) {
            return null;
        }
        Outcome outcome;
        String signatureId = null;
        try (UserStorage store = driver.open(user)) {
            outcome = engine.process(store, settings, Job.process(), p.text());
            if (outcome.signature() != null && settings.trainingMode() != TrainingMode.NOTRAIN
                    && !preferences.isOn("trainPristine")) {
                byte[] signature = outcome.signature();
                signatureId = signatureIds.next(System.currentTimeMillis() / 1000,
                        id -> !store.storeNewSignature(id, signature));
            }
        }
        if (outcome.classified() && outcome.verdict().spam() != label.isSpam() && signatureId != null) {
            try (UserStorage store = driver.open(user)) {
                byte[] signature = store.signature(signatureId).orElseThrow();
                engine.retrain(store, settings, label, Source.ERROR, false, signature);
            }
        }
        return outcome;
    }
}
