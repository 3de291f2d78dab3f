package org.dspam.agent;

import java.util.List;
import java.util.function.Supplier;

import org.dspam.agent.log.AgentLog;
import org.dspam.classify.Verdict;
import org.dspam.engine.Engine;
import org.dspam.engine.EngineSettings;
import org.dspam.engine.Features;
import org.dspam.engine.Job;
import org.dspam.engine.OperatingMode;
import org.dspam.engine.Outcome;
import org.dspam.engine.TokenizedMessage;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/**
 * What groups make the agent do with other users' data: ask the classification network or global
 * group when a user's own result is not sure, and inoculate the other members of an inoculation
 * group with a spam a member reported. Each other user's data is opened, used and closed in turn,
 * never while the reporting user's is open.
 */
final class GroupActions {
    /** Below this confidence an innocent result is checked with the peers. */
    private static final float CONFIDENT = 0.65f;
    /** The confidence reported while a global group decides for a young user. */
    private static final float DEFERRED_CONFIDENCE = 0.60f;
    /** A global group decides until the user has learned this much innocent mail (learned plus corpus)... */
    private static final long MATURE_INNOCENT = 1000;
    /** ...and this much spam. */
    private static final long MATURE_SPAM = 250;

    private final Engine engine;
    private final StorageDriver driver;
    private final AgentLog log;

    GroupActions(Engine engine, StorageDriver driver, AgentLog log) {
        this.engine = engine;
        this.driver = driver;
        this.log = log;
    }

    /**
     * The settings other members' data is used with, as DSPAM sets up their filters: the
     * configuration's tokenizer and algorithms, noise reduction as the features say, the reporting
     * user's processor bias, train-everything, no whitelist, no sedation; the members' own
     * preferences are not read.
     */
    static EngineSettings memberSettings(EngineSettings user, Features features) {
        return new EngineSettings(user.tokenizer(), user.urlContext(), user.ignoredHeaders(), user.algorithms(),
                user.pvalue(), features.noise(), false, user.processorBias(), 0, 10, TrainingMode.TEFT,
                user.countOccurrences(), user.maxText());
    }

    /** The message as the peers see it: its signature when it has one, else its tokens. */
    record Evidence(byte[] signature, Supplier<TokenizedMessage> tokens) {
    }

    /**
     * DSPAM's consultation of a classification network or global group, for a message just
     * processed (not retrained) as {@code verdict}. A young user (less than 1000 innocent or 250
     * spam messages learned, or in notrain mode) in a global group reports a confidence of 0.60
     * and has a spam result reconsidered. An innocent result below 0.65 confidence is then checked
     * with each peer in turn until one finds spam. When the peers overturn the user's result, the
     * user's data is retrained to theirs, without counting a misclassification.
     *
     * @param data the user's data; released while the peers' is read
     * @param totals the user's totals after processing the message
     * @return the verdict to report
     */
    Verdict consult(String user, Groups.Membership groups, UserData data, EngineSettings settings,
                    EngineSettings memberSettings, Verdict verdict, Totals totals, Evidence evidence) {
        boolean wasSpam = false;
        boolean spam = verdict.spam();
        float confidence = verdict.confidence();
        if (groups.global() && (totals.innocentLearned() + totals.innocentCorpusfed() < MATURE_INNOCENT
                || totals.spamLearned() + totals.spamCorpusfed() < MATURE_SPAM
                || settings.trainingMode() == TrainingMode.NOTRAIN)) {
            wasSpam = spam;
            spam = false;
            confidence = DEFERRED_CONFIDENCE;
        }
        if (spam || confidence >= CONFIDENT) {
            return verdict;
        }
        log.log(AgentLog.Level.DEBUG, "consulting " + (groups.global() ? "global" : "classification")
                + " group member list for " + user);
        data.release();
        boolean peersSaySpam = false;
        for (String peer : groups.peers()) {
            if (classifiesAsSpam(peer, memberSettings, evidence)) {
                log.log(AgentLog.Level.DEBUG, "classification group member " + peer + " finds spam for " + user);
                peersSaySpam = true;
                break;
            }
        }
        if (peersSaySpam != wasSpam) {
            relearn(data, settings, peersSaySpam ? MessageClass.SPAM : MessageClass.INNOCENT, evidence.signature());
            return withConfidence(verdict, peersSaySpam, peersSaySpam ? Verdict.SPAM : Verdict.INNOCENT, confidence);
        }
        return withConfidence(verdict, peersSaySpam, verdict.className(), confidence);
    }

    private static Verdict withConfidence(Verdict v, boolean spam, String className, float confidence) {
        return new Verdict(spam, className, v.probability(), confidence, v.factors());
    }

    /**
     * Retrains the user's data from the message's signature as the peers decided; the correction
     * is not counted as the user's misclassification (it was the network's).
     */
    private void relearn(UserData data, EngineSettings settings, MessageClass as, byte[] signature) {
        if (signature == null) {
            return;
        }
        UserStorage store = data.get();
        engine.retrain(store, settings, as, Source.ERROR, false, signature);
        Totals uncount = as == MessageClass.SPAM ? new Totals(0, 0, -1, 0, 0, 0, 0, 0)
                : new Totals(0, 0, 0, -1, 0, 0, 0, 0);
        store.commit(new TokenChanges(0), uncount);
    }

    /** A peer that cannot be read gives no opinion: the message is not held up by another user's data. */
    private boolean classifiesAsSpam(String peer, EngineSettings settings, Evidence evidence) {
        try (UserStorage s = driver.open(peer)) {
            Outcome o = classify(s, settings, evidence);
            return o.classified() && o.verdict().spam();
        } catch (StorageException e) {
            log.warning("Unable to consult group member '" + peer + "': " + e.getMessage());
            return false;
        }
    }

    private Outcome classify(UserStorage s, EngineSettings settings, Evidence evidence) {
        if (evidence.signature() != null) {
            return engine.classifySignature(s, settings, evidence.signature());
        }
        return engine.process(s, settings, Job.classify(), evidence.tokens().get());
    }

    /**
     * DSPAM's inoculation of the other members of an inoculation group with a spam: a member whose
     * own data already finds it spam is left alone; the others learn it as spam from an inoculation
     * (from the signature when the report had one, else from the message). A member that cannot be
     * read or written is skipped with a warning.
     */
    void inoculate(List<String> members, EngineSettings settings, Evidence evidence) {
        for (String member : members) {
            try (UserStorage s = driver.open(member)) {
                Outcome o = classify(s, settings, evidence);
                if (o.classified() && o.verdict().spam()) {
                    log.log(AgentLog.Level.DEBUG, "skipping user " + member + ": doesn't require inoculation");
                    continue;
                }
                log.log(AgentLog.Level.DEBUG, "inoculating user " + member);
                if (evidence.signature() != null) {
                    engine.retrain(s, settings, MessageClass.SPAM, Source.INOCULATION, false, evidence.signature());
                } else {
                    engine.process(s, settings, new Job(OperatingMode.PROCESS, MessageClass.SPAM, Source.INOCULATION,
                            false, false), evidence.tokens().get());
                }
            } catch (StorageException e) {
                log.warning("Unable to inoculate group member '" + member + "': " + e.getMessage());
            }
        }
    }
}
