package org.dspam.tools.train;

import java.util.function.Consumer;

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
import org.dspam.message.MessageText;
import org.dspam.message.SignatureScan;
import org.dspam.signature.SignatureIds;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;

/**
 * Runs the three things dspam_train does with a message for one user, each as the {@code dspam}
 * agent would in its own process: classify it ({@code --classify}), train it with its true class
 * ({@code --class=X --source=corpus}), or process it as new mail and retrain it from its signature
 * when the result was wrong.
 */
public final class Trainer {
    private final StorageDriver driver;
    private final String user;
    private final EngineSettings settings;
    private final Preferences preferences;
    private final Engine engine = new Engine();
    private final SignatureIds signatureIds = SignatureIds.forThisProcess();
    private TokenizedMessage last;
    private byte[] lastMessage;
    private MessagePipeline.Prepared lastPrepared;

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

    /** {@code dspam --classify}: null when the message is empty or has no tokens. */
    public Outcome classify(byte[] message) {
        MessagePipeline.Prepared p = prepare(message, true);
        if (p == null) {
            return null;
        }
        try (UserStorage store = driver.open(user)) {
            return engine.process(store, settings, Job.classify(), tokenized(p.text()));
        }
    }

    /** {@code dspam --class=X --source=corpus}. */
    public Outcome trainCorpus(byte[] message, MessageClass label) {
        MessagePipeline.Prepared p = prepare(message, false);
        if (p == null) {
            return null;
        }
        try (UserStorage store = driver.open(user)) {
            return engine.process(store, settings, Job.train(label, Source.CORPUS), tokenized(p.text()));
        }
    }

    /**
     * Parses a message as the agent would for new mail ({@code newMail}) or for training. The
     * two differ only when a signature tag is cut out of new mail, so a message just parsed
     * without a tag is not parsed again.
     */
    private MessagePipeline.Prepared prepare(byte[] message, boolean newMail) {
        if (message != lastMessage || (lastPrepared != null && lastPrepared.signature() != null)) {
            lastPrepared = MessagePipeline.prepare(message, scanOptions(newMail), false);
            lastMessage = message;
        }
        return lastPrepared;
    }

    /**
     * The tokens of a text; the last message's are kept, so classifying and then training the
     * same text tokenizes it once.
     */
    private TokenizedMessage tokenized(MessageText text) {
        if (last == null || !last.text().equals(text)) {
            last = engine.tokenize(settings, text);
        }
        return last;
    }

    /**
     * New mail, then a correction from its signature if the result was not {@code label}.
     *
     * @return the verdict on the message as new mail, or null when it could not be classified
     */
    public Outcome processAndCorrect(byte[] message, MessageClass label) {
        MessagePipeline.Prepared p = MessagePipeline.prepare(message, scanOptions(true), false);
        if (p == null) {
            return null;
        }
        Outcome outcome;
        String signatureId = null;
        try (UserStorage store = driver.open(user)) {
            outcome = engine.process(store, settings, Job.process(), p.text());
            if (outcome.signature() != null && settings.trainingMode() != TrainingMode.NOTRAIN
                    && !preferences.isOn("trainPristine")) {
                signatureId = signatureIds.next(System.currentTimeMillis() / 1000, store::hasSignature);
                store.storeSignature(signatureId, outcome.signature());
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
