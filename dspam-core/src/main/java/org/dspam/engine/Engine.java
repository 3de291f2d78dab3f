package org.dspam.engine;

import java.util.Arrays;
import java.util.List;

import org.dspam.classify.Combiner;
import org.dspam.classify.NoiseReduction;
import org.dspam.classify.PValue;
import org.dspam.classify.SignificantTokens;
import org.dspam.classify.TokenProbability;
import org.dspam.classify.Verdict;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.MessageText;
import org.dspam.signature.SignatureData;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.token.Diction;
import org.dspam.token.Term;
import org.dspam.token.TokenizerKind;
import org.dspam.token.Tokenizer;
import org.dspam.util.ByteString;

/**
 * libdspam's job for one message and one user: tokenize, load the token counts in one batch,
 * reduce noise, rank and combine, whitelist, then learn as the training mode and the job say and
 * write the changes in one batch. Pure computation apart from the two storage calls, so the same
 * engine serves the agent, the daemon and the tools.
 */
public final class Engine {
    private static final int UNDERTRAINED = 100;
    private static final int BNR_LEARN_AFTER = 500;
    private static final int BNR_PATTERNS_AFTER = 1000;
    private static final int BNR_ELIMINATE_AFTER = 2500;
    private static final double TUM_CONFIDENCE = 0.70;
    private static final int TUM_MATURE_HITS = 50;

    /** Processes or classifies a message's texts. */
    public Outcome process(UserStorage store, EngineSettings settings, Job job, MessageText text) {
        return process(store, settings, job, tokenize(settings, text));
    }

    /**
     * Tokenizes a message once, so that several runs (several users with the same tokenizer
     * settings, or classification followed by training) can share the work.
     */
    public TokenizedMessage tokenize(EngineSettings settings, MessageText text) {
        long length = (long) text.headers().length() + text.body().length();
        int read = (int) (settings.maxText() > 0 ? Math.min(length, settings.maxText()) : Math.min(length, Integer.MAX_VALUE));
        Diction diction = new Diction(Diction.MESSAGE_BUCKETS, read / 4);
        Tokenizer.tokenize(settings.tokenizerSettings(), text.headers(), text.body(), diction);
        return new TokenizedMessage(text, settings.tokenizerSettings(), diction);
    }

    /** Processes or classifies a tokenized message; its tokens must come from the same tokenizer settings. */
    public Outcome process(UserStorage store, EngineSettings settings, Job job, TokenizedMessage message) {
        if (!message.tokenizer().equals(settings.tokenizerSettings())) {
            throw new IllegalArgumentException("message was tokenized with other tokenizer settings");
        }
        Run run = new Run(store, settings, job, false);
        byte[] sbphText = null;
        // SBPH signatures keep the texts themselves, since its tokens are too many to list.
        if (settings.tokenizer() == TokenizerKind.SBPH && job.signature() && job.source() != Source.CORPUS) {
            sbphText = ByteString.bytes(message.text().headers() + "\u0001" + message.text().body() + "\0");
        }
        Diction tokens = message.borrow();
        try {
            return run.operate(tokens, sbphText);
        } finally {
            message.giveBack(tokens);
        }
    }

    /**
     * Classifies from a stored signature (tokens known only by id), as DSPAM does when it checks a
     * retrained message or asks a classification group. Nothing is written.
     */
    public Outcome classifySignature(UserStorage store, EngineSettings settings, byte[] signature) {
        Diction diction;
        if (settings.tokenizer() == TokenizerKind.SBPH) {
            diction = sbphSignatureTokens(settings, signature);
        } else {
            diction = new Diction();
            SignatureData data = SignatureData.wrap(signature);
            for (int i = 0; i < data.entries(); i++) {
                long key = data.key(i);
                diction.touch(key, "E: " + Long.toUnsignedString(key), 0).setFrequency(data.frequency(i));
            }
        }
        return new Run(store, settings, Job.classify(), true).operate(diction, null);
    }

    /**
     * Retrains from a stored signature: the recorded tokens are learned as {@code classification}
     * directly, without the message (DSPAM's signature processing).
     */
    public Outcome retrain(UserStorage store, EngineSettings settings, MessageClass classification, Source source,
                           boolean unlearn, byte[] signature) {
        Run run = new Run(store, settings, new Job(OperatingMode.PROCESS, classification, source, unlearn, true), true);
        if (settings.tokenizer() == TokenizerKind.SBPH) {
            return run.operate(sbphSignatureTokens(settings, signature), null);
        }
        return run.retrainSignature(SignatureData.wrap(signature));
    }

    /** An SBPH signature holds the message's header text, byte 1, and its body text: tokenized again. */
    private static Diction sbphSignatureTokens(EngineSettings settings, byte[] signature) {
        String text = ByteString.cString(ByteString.of(signature));
        int split = text.indexOf('\u0001');
        String headers = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? " " : text.substring(split + 1);
        Diction diction = new Diction();
        Tokenizer.tokenize(settings.tokenizerSettings(), headers, body, diction);
        return diction;
    }

    /** Arrays for one batch fetch, kept per thread: a message's fetch is the hottest allocation otherwise. */
    private static final class FetchBuffers {
        long[] keys = new long[0];
        long[] spam = new long[0];
        long[] innocent = new long[0];

        FetchBuffers ensure(int n) {
            if (keys.length < n) {
                int size = Math.max(n, 2 * keys.length);
                keys = new long[size];
                spam = new long[size];
                innocent = new long[size];
            }
            return this;
        }
    }

    private static final ThreadLocal<FetchBuffers> FETCH_BUFFERS = ThreadLocal.withInitial(FetchBuffers::new);

    /** The state of one engine call: DSPAM's context. */
    private static final class Run {
        private final UserStorage store;
        private final EngineSettings settings;
        private final Job job;
        private final boolean signatureProvided;
        private final Totals before;
        private final long[] totals;
        private final TrainingMode mode;
        private final OperatingMode operatingMode;
        private final MessageClass classification;
        private final Source source;
        private boolean learned;

        Run(UserStorage store, EngineSettings settings, Job job, boolean signatureProvided) {
            this.store = store;
            this.settings = settings;
            this.job = job;
            this.signatureProvided = signatureProvided;
            this.before = store.totals();
            this.totals = before.toArray();
            this.classification = job.classification();
            this.source = job.source();
            TrainingMode m = settings.trainingMode();
            // Until a user has learned some of each, train-on-error trains everything.
            if (m == TrainingMode.TOE && (innocentLearned() <= UNDERTRAINED || spamLearned() <= UNDERTRAINED)
                    && settings.pvalue() != PValue.MARKOV) {
                m = TrainingMode.TEFT;
            }
            this.mode = m;
            // Train-on-error and notrain classify new mail instead of learning it.
            OperatingMode om = job.mode();
            if (om == OperatingMode.PROCESS && classification == null
                    && (mode == TrainingMode.TOE || mode == TrainingMode.NOTRAIN)) {
                om = OperatingMode.CLASSIFY;
            }
            this.operatingMode = om;
        }

        private long spamLearned() {
            return totals[0];
        }

        private long innocentLearned() {
            return totals[1];
        }

        private long innocentSeen() {
            return totals[1] + totals[7];
        }

        private TokenProbability model() {
            return new TokenProbability(settings.pvalue(), settings.processorBias(), settings.trainingBuffer(),
                    mode == TrainingMode.TUM, classification == MessageClass.SPAM, Totals.of(totals));
        }

        Outcome operate(Diction diction, byte[] sbphSignature) {
            load(diction);
            TokenProbability model = model();
            if (settings.noiseReduction()) {
                reduceNoise(diction, model);
            }

            SignificantTokens ranking = new SignificantTokens(SignificantTokens.capacityFor(settings.algorithms()));
            boolean whitelisted = false;
            for (Term t : diction.terms()) {
                // DSPAM recomputes here what noise reduction already computed; the values are the
                // same, and patterns are neither ranked nor combined, so known values are kept.
                model.of(t);
                if (settings.whitelist() && diction.isWhitelistToken(t) && t.spamHits() <= t.innocentHits() / 15
                        && t.innocentHits() > settings.whitelistThreshold() && classification == null) {
                    whitelisted = true;
                }
                if (t.frequency() > 0 && t.type() == Term.TYPE_DATA) {
                    ranking.offer(t.probability(), t.key(), t.frequency(), t);
                }
            }
            if (ranking.size() == 0) {
                return new Outcome(null, null, false, before);
            }

            Boolean forced = classification == null ? null : classification.isSpam();
            Combiner.Result combined = Combiner.combine(ranking.mostSignificantFirst(), diction, settings.algorithms(),
                    settings.pvalue(), forced);
            boolean spam = combined.spam();
            String className = null;
            if (settings.whitelist() && whitelisted) {
                spam = false;
                className = Verdict.WHITELISTED;
            }

            updateTotals(spam);
            byte[] signature = sbphSignature;
            SignatureData entries = null;
            // A signature is only kept for later retraining, which NOTRAIN never does.
            if (job.signature() && mode != TrainingMode.NOTRAIN && settings.tokenizer() != TokenizerKind.SBPH
                    && (operatingMode != OperatingMode.CLASSIFY || !signatureProvided)) {
                entries = SignatureData.allocate(diction.size());
            }
            TokenChanges changes = learn(diction, spam, combined.confidence(), entries);
            if (entries != null) {
                signature = entries.toByteArray();
            }
            commit(changes);

            float probability = combined.probability();
            if (classification == MessageClass.INNOCENT) {
                probability = 0.0f;
                spam = false;
            } else if (classification == MessageClass.SPAM) {
                probability = 1.0f;
                spam = true;
            }
            if (className == null) {
                className = spam ? Verdict.SPAM : Verdict.INNOCENT;
            }
            Verdict verdict = new Verdict(spam, className, probability, combined.confidence(), combined.factors());
            return new Outcome(verdict, signature, learned, persistedTotals());
        }

        private void load(Diction diction) {
            load(diction.terms());
        }

        private void load(List<Term> terms) {
            int n = terms.size();
            FetchBuffers buffers = FETCH_BUFFERS.get().ensure(n);
            long[] keys = buffers.keys;
            long[] spam = buffers.spam;
            long[] innocent = buffers.innocent;
            for (int i = 0; i < n; i++) {
                keys[i] = terms.get(i).key();
            }
            store.fetch(keys, n, spam, innocent);
            for (int i = 0; i < n; i++) {
                terms.get(i).load(spam[i], innocent[i]);
            }
        }

        private void reduceNoise(Diction diction, TokenProbability model) {
            NoiseReduction.Patterns patterns = NoiseReduction.patterns(diction, model);
            // Fetched in the order the message lists them once they are added to it, the order a commit then
            // changes them in: a storage driver may follow a commit's changes through its fetches (hash_drv does).
            load(Arrays.asList(diction.inIterationOrder(patterns.diction().terms())));
            if (classification == null && !signatureProvided && innocentSeen() > BNR_ELIMINATE_AFTER) {
                NoiseReduction.eliminate(diction, patterns, model);
            }
            if (innocentSeen() > BNR_PATTERNS_AFTER) {
                NoiseReduction.addPatterns(diction, patterns.diction());
            }
        }

        private void updateTotals(boolean spam) {
            if (operatingMode != OperatingMode.CLASSIFY) {
                boolean fedByUser = source == Source.CORPUS || source == Source.INOCULATION;
                if (spam) {
                    if (!job.unlearn()) {
                        totals[0]++;
                        learned = true;
                    }
                    if (classification == MessageClass.SPAM) {
                        if (job.unlearn()) {
                            totals[0] -= totals[0] > 0 ? 1 : 0;
                        } else if (fedByUser) {
                            totals[4]++;
                        } else if (source == Source.ERROR) {
                            totals[2]++;
                            if (subtractsOtherClass()) {
                                totals[1] -= totals[1] > 0 ? 1 : 0;
                            }
                        }
                    }
                } else {
                    if (!job.unlearn()) {
                        totals[1]++;
                        learned = true;
                    }
                    if (fedByUser) {
                        totals[5]++;
                    } else if (classification == MessageClass.INNOCENT && source == Source.ERROR) {
                        if (job.unlearn()) {
                            totals[1] -= totals[1] > 0 ? 1 : 0;
                        } else {
                            totals[3]++;
                            if (subtractsOtherClass()) {
                                totals[0] -= totals[0] > 0 ? 1 : 0;
                            }
                        }
                    }
                }
            }
            if (mode == TrainingMode.TOE && operatingMode == OperatingMode.CLASSIFY) {
                totals[spam ? 6 : 7]++;
            }
        }

        /** Corrections also take the message away from the class it was wrongly learned as, except in TOE and NOTRAIN. */
        private boolean subtractsOtherClass() {
            return mode != TrainingMode.TOE && mode != TrainingMode.NOTRAIN;
        }

        private long step(Term t) {
            return settings.countOccurrences() ? t.frequency() : 1;
        }

        private static long decreased(long value, long by, boolean occurrence) {
            if (occurrence) {
                long v = value - by;
                return v < 0 ? 0 : v;
            }
            return value - (value > 0 ? 1 : 0);
        }

        private TokenChanges learn(Diction diction, boolean spam, float confidence, SignatureData entries) {
            boolean occurrence = settings.countOccurrences();
            List<Term> terms = diction.terms();
            boolean written = writesAnything(diction);
            boolean onlyContext = onlyContextWritten();
            // The changes are collected in the same pass, in iteration order: what DSPAM's drivers write.
            TokenChanges changes = new TokenChanges(!written ? 0 : onlyContext ? 64 : diction.size());
            int index = 0;
            for (Term t : terms) {
                if (entries != null) {
                    entries.put(index, t.key(), t.frequency());
                }
                index++;
                // Counts of tokens that will not be written are not worth updating.
                if (!written || (onlyContext && !isContext(diction, t))) {
                    continue;
                }
                if (t.type() == Term.TYPE_DATA && (mode != TrainingMode.TUM || source == Source.ERROR
                        || source == Source.INOCULATION || t.spamHits() + t.innocentHits() < TUM_MATURE_HITS
                        || diction.isWhitelistToken(t) || confidence < TUM_CONFIDENCE)) {
                    t.setDirty(true);
                }
                if (t.isBnrPattern() && innocentSeen() > BNR_LEARN_AFTER && settings.noiseReduction() && !signatureProvided) {
                    t.setDirty(true);
                }
                long s = t.spamHits();
                long i = t.innocentHits();
                if (spam) {
                    if (source == Source.INOCULATION) {
                        s += (i < 2 && s < 5) ? 5 : 2;
                    } else if (job.unlearn()) {
                        if (classification == MessageClass.SPAM) {
                            s = decreased(s, t.frequency(), occurrence);
                        }
                    } else {
                        s += step(t);
                    }
                    if (classification == MessageClass.SPAM && source == Source.ERROR && !job.unlearn() && subtractsOtherClass()) {
                        i = decreased(i, t.frequency(), occurrence);
                    }
                } else {
                    if (job.unlearn()) {
                        if (classification == MessageClass.INNOCENT) {
                            i = decreased(i, t.frequency(), occurrence);
                        }
                    } else {
                        i += step(t);
                    }
                    if (classification == MessageClass.INNOCENT && source == Source.ERROR && !job.unlearn() && subtractsOtherClass()) {
                        s = decreased(s, t.frequency(), occurrence);
                    }
                }
                t.setHits(s, i);
                if (t.isDirty()) {
                    addChange(changes, t);
                }
            }
            return changes;
        }

        /** Whether this run writes any token (DSPAM's storage drivers skip classify runs, except TOE context writes). */
        private boolean writesAnything(Diction diction) {
            if (mode == TrainingMode.NOTRAIN) {
                return false;
            }
            return operatingMode != OperatingMode.CLASSIFY
                    || (mode == TrainingMode.TOE && (diction.hasWhitelistToken() || settings.noiseReduction()));
        }

        /** Train-on-error classification writes only the whitelist token and the BNR patterns. */
        private boolean onlyContextWritten() {
            return mode == TrainingMode.TOE && classification == null && operatingMode == OperatingMode.CLASSIFY;
        }

        private static boolean isContext(Diction diction, Term t) {
            return diction.isWhitelistToken(t) || t.hasBnrName();
        }

        /** Counts are stored no higher than the learned total of their class, and never negative. */
        private void addChange(TokenChanges changes, Term t) {
            long s = Math.max(0, Math.min(t.spamHits(), totals[0]));
            long i = Math.max(0, Math.min(t.innocentHits(), totals[1]));
            long ds = s - t.storedSpamHits();
            long di = i - t.storedInnocentHits();
            if (ds != 0 || di != 0) {
                changes.add(t.key(), ds, di);
            }
        }

        private Totals persistedTotals() {
            return job.mode() == OperatingMode.CLASSIFY ? before : Totals.of(totals).storable();
        }

        private void commit(TokenChanges changes) {
            Totals delta = persistedTotals().minus(before);
            if (!changes.isEmpty() || !delta.isZero()) {
                store.commit(changes, delta);
            }
        }

        /** Learns the tokens recorded in a signature as the given class. */
        Outcome retrainSignature(SignatureData data) {
            if (!job.unlearn()) {
                learned = true;
            }
            if (classification == MessageClass.INNOCENT) {
                if (job.unlearn()) {
                    totals[1] -= totals[1] > 0 ? 1 : 0;
                } else {
                    if (source == Source.ERROR) {
                        totals[3]++;
                        if (subtractsOtherClass()) {
                            totals[0] -= totals[0] > 0 ? 1 : 0;
                        }
                    } else {
                        totals[5]++;
                    }
                    totals[1]++;
                }
            } else {
                if (job.unlearn()) {
                    totals[0] -= totals[0] > 0 ? 1 : 0;
                } else {
                    if (source == Source.ERROR) {
                        totals[2]++;
                        if (subtractsOtherClass()) {
                            totals[1] -= totals[1] > 0 ? 1 : 0;
                        }
                    } else {
                        totals[4]++;
                    }
                    totals[0]++;
                }
            }

            TokenChanges changes = new TokenChanges(data.entries());
            if (data.entries() > 0) {
                Diction diction = new Diction();
                for (int n = 0; n < data.entries(); n++) {
                    diction.touch(data.key(n), "-", 0).setFrequency(data.frequency(n));
                }
                load(diction);
                boolean occurrence = settings.countOccurrences();
                boolean spam = classification == MessageClass.SPAM;
                for (Term t : diction.terms()) {
                    long mine = spam ? t.spamHits() : t.innocentHits();
                    long other = spam ? t.innocentHits() : t.spamHits();
                    if (job.unlearn()) {
                        mine = decreased(mine, t.frequency(), occurrence);
                    } else {
                        if (source == Source.ERROR && subtractsOtherClass()) {
                            other = decreased(other, t.frequency(), occurrence);
                        }
                        if (source == Source.INOCULATION) {
                            mine += (other < 2 && mine < 5) ? 5 : 2;
                        } else {
                            mine += step(t);
                        }
                    }
                    t.setHits(spam ? mine : other, spam ? other : mine);
                    if (mode != TrainingMode.NOTRAIN) {
                        addChange(changes, t);
                    }
                }
            }
            commit(changes);
            boolean spam = classification == MessageClass.SPAM;
            Verdict verdict = new Verdict(spam, spam ? Verdict.SPAM : Verdict.INNOCENT, spam ? 1.0f : 0.0f, 0.0f, List.of());
            return new Outcome(verdict, null, learned, persistedTotals());
        }
    }
}
