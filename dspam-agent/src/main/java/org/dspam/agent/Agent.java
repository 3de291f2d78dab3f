package org.dspam.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.dspam.agent.RecipientResult.Disposition;
import org.dspam.agent.log.AgentLog;
import org.dspam.classify.Verdict;
import org.dspam.config.DspamConfig;
import org.dspam.delivery.CommandDelivery;
import org.dspam.delivery.DeliveryProtocol;
import org.dspam.delivery.DeliveryResult;
import org.dspam.delivery.MailTransport;
import org.dspam.delivery.SmtpTransport;
import org.dspam.engine.Engine;
import org.dspam.engine.EngineSettings;
import org.dspam.engine.Features;
import org.dspam.engine.Job;
import org.dspam.engine.OperatingMode;
import org.dspam.engine.Outcome;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.engine.TokenizedMessage;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.Message;
import org.dspam.message.MessageAssembler;
import org.dspam.message.MessageParser;
import org.dspam.message.MessagePart;
import org.dspam.message.MessageText;
import org.dspam.message.SignatureScan;
import org.dspam.signature.SignatureIds;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;
import org.dspam.storage.UserDirectories;
import org.dspam.storage.UserStorage;
import org.dspam.token.TokenizerSettings;
import org.dspam.util.ByteString;
import org.dspam.util.CFormat;

/**
 * The agent's processing core, shared by the {@code dspam} command and the daemon: for each user
 * (paired with a recipient), load preferences, honour opt-in/opt-out and size limits, classify or
 * learn with the engine, retrain from a signature, mark the message, and deliver, quarantine or
 * write it out, as DSPAM's {@code process_users} and {@code process_message} do. It touches no
 * process-wide state: input, output, delivery and logging are passed in.
 */
public final class Agent {
    /** DSPAM's result for a message that could not be processed (no tokens, no signature). */
    private static final int EFAILURE = -5;
    private static final int INNOCENT = 1;
    private static final int SPAM = 2;
    private static final int ERROR = -1;

    private final DspamConfig config;
    private final StorageDriver driver;
    private final MailTransport transport;
    private final AgentLog log;
    private final Clock clock;
    private final boolean trusted;
    private final SettingsResolver resolver;
    private final UserDirectories files;
    private final Engine engine = new Engine();
    private final SignatureIds signatureIds = SignatureIds.forThisProcess();
    private final DeliveryProtocol protocol;
    private final CommandDelivery commands;
    private final GroupActions groupActions;
    /** The driver's refusals of merged groups already logged: each is logged once, not for every message. */
    private final Set<String> loggedMergedRefusals = ConcurrentHashMap.newKeySet();
    private final long pid = ProcessHandle.current().pid();

    /**
     * @param transport the SMTP/LMTP client for {@code DeliveryHost}, or null to use a new
     *        connection per message
     * @param trusted whether the caller is trusted (see {@link Caller})
     */
    public Agent(DspamConfig config, StorageDriver driver, MailTransport transport, AgentLog log, Clock clock,
                 boolean trusted) {
        this.config = config;
        this.driver = driver;
        this.log = log;
        this.clock = clock;
        this.trusted = trusted;
        this.resolver = new SettingsResolver(config);
        if (config.get("Home").isEmpty()) {
            throw new AgentException("No DSPAM home specified", AgentException.INIT_FAILED);
        }
        this.files = UserDirectories.from(config, null);
        this.protocol = DeliveryProtocol.configured(config);
        this.transport = transport != null || protocol == null ? transport : new SmtpTransport(config, protocol, log);
        this.commands = new CommandDelivery(log, config.isOn("LMTPLDAErrorsPermanent"));
        this.groupActions = new GroupActions(engine, driver, log);
    }

    /**
     * DSPAM's {@code apply_defaults}: the delivery command for good mail and the quarantine agent.
     * Throws when a delivery is asked for and nothing can deliver it.
     */
    public static Commands commands(DspamConfig config, AgentOptions o, boolean trusted) {
        if (o.trainingMode() == null && config.get("TrainingMode").isEmpty()) {
            throw new AgentException("No training mode was specified", AgentException.INIT_FAILED);
        }
        if (o.trainingMode() == null) {
            ArgumentParser.parseMode(config.get("TrainingMode").get().toLowerCase(java.util.Locale.ROOT));
        }
        String mailer = o.passThrough();
        if (!o.stdout() && !o.classifyOnly() && (o.deliverInnocent() || o.deliverSpam())) {
            String key = trusted ? "TrustedDeliveryAgent" : "UntrustedDeliveryAgent";
            Optional<String> agent = config.get(key);
            if (agent.isPresent()) {
                if (agent.get().isBlank()) {
                    throw new AgentException("No " + key + " configured, and --stdout not specified",
                            AgentException.INIT_FAILED);
                }
                mailer = agent.get() + " " + (trusted ? o.passThrough() : "");
            } else if (config.get("DeliveryHost").isEmpty()) {
                throw new AgentException("No " + key + " configured, and --stdout not specified",
                        AgentException.INIT_FAILED);
            }
        }
        String quarantine = config.get("QuarantineAgent").map(q -> q + " ").orElse("");
        return new Commands(mailer, quarantine);
    }

    /** The delivery agent command templates: for delivery, and for spam ({@code QuarantineAgent}, "" for the mbox). */
    public record Commands(String mailer, String quarantine) {
    }

    /**
     * How the daemon runs one transaction through the agent.
     *
     * @param transport the client for {@code DeliveryHost} in this transaction (the daemon's pooled
     *        one, carrying the transaction's XFORWARD attributes), or null for the agent's own
     * @param onResult told of each recipient's result as soon as it is known (its copy delivered,
     *        quarantined or refused), before the next recipient is processed; in classify mode,
     *        where the call returns no results, it is told of a success for each
     * @param classificationLine write DSPAM's {@code X-Daemon-Classification: SPAM|INNOCENT} line
     *        before each message delivered to the output, which tells a DLMTP client the result
     */
    public record Hooks(MailTransport transport, Consumer<RecipientResult> onResult, boolean classificationLine) {
        public static final Hooks NONE = new Hooks(null, r -> { }, false);
    }

    /**
     * Processes a message for every user and recipient of the request.
     *
     * @param message the message as read (a byte string, see {@code MessageInput})
     * @param out where {@code --stdout} delivery and {@code --classify} / summary lines go
     */
    public AgentResult process(AgentOptions o, String message, OutputStream out) {
        return process(o, message, out, Hooks.NONE);
    }

    /** Processes a message as {@link #process(AgentOptions, String, OutputStream)} does, for the daemon. */
    public AgentResult process(AgentOptions o, String message, OutputStream out, Hooks hooks) {
        Commands cmd = commands(config, o, trusted);
        MailTransport via = hooks.transport() != null ? hooks.transport() : transport;
        SharedTokens shared = new SharedTokens(message);
        List<RecipientResult> results = new ArrayList<>();
        int spamCode = 0;
        List<String> users = o.users();
        List<String> rcpts = o.recipients();
        int u = 0;
        int r = 0;
        while (u < users.size() || r < rcpts.size()) {
            if (u >= users.size()) {
                u = 0;
            }
            String user = users.get(u);
            String recipient;
            if (r < rcpts.size()) {
                recipient = rcpts.get(r++);
            } else {
                if (!rcpts.isEmpty()) {
                    break;
                }
                recipient = user;
            }
            u++;
            String username = user;
            if (config.isOn("EnablePlusedDetail")) {
                recipient = user;
                username = stripDetail(user);
            }
            Recipient rc = new Recipient(o, cmd, user, recipient, username, message, out, via, hooks, shared);
            RecipientResult result = rc.run();
            if (rc.spamResult && config.matches("Broken", "returnCodes")) {
                spamCode = 99;
            }
            if (result != null) {
                results.add(result);
            }
            // Classification records no result (as in DSPAM), but the daemon still counts the recipient.
            hooks.onResult().accept(result != null ? result
                    : new RecipientResult(user, recipient, Disposition.SUCCESS, null, rc.spamResult, ""));
        }
        return new AgentResult(results, spamCode);
    }

    private String stripDetail(String user) {
        char plus = config.get("PlusedCharacter").filter(s -> !s.isEmpty()).map(s -> s.charAt(0)).orElse('+');
        String name = config.isOn("PlusedUserLowercase") ? user.toLowerCase(java.util.Locale.ROOT) : user;
        int p = name.indexOf(plus);
        if (p < 0) {
            return name;
        }
        int at = name.indexOf('@', p);
        return at < 0 ? name.substring(0, p) : name.substring(0, p) + name.substring(at);
    }

    /** The user's preferences: their own (or their domain's, with FallbackDomains), over the defaults. */
    Preferences preferences(String username) {
        Map<String, String> own = driver.preferences(username);
        if (own.isEmpty() && config.isOn("FallbackDomains") && username.indexOf('@') >= 0) {
            Map<String, String> domain = driver.preferences(username.substring(username.indexOf('@')));
            if ("on".equals(domain.get("fallbackDomain"))) {
                own = domain;
            }
        }
        return resolver.preferences(driver.preferences(null), own,
                name -> log.warning("Ignoring disallowed preference '" + name + "'"));
    }

    /** One user and recipient: DSPAM's loop body of {@code process_users}. */
    private final class Recipient {
        private final AgentOptions o;
        private final Commands cmd;
        private final String user;
        private String recipient;
        private String username;
        private final String message;
        private final OutputStream out;
        private final MailTransport via;
        private final Hooks hooks;
        private final SharedTokens shared;
        private Preferences prefs;
        private boolean trainPristine;
        /** The managed group whose quarantine and log serve this user, or null. */
        private String managedGroup;
        private String status = "";
        private boolean learned;
        boolean spamResult;
        /**
         * What the last {@link #processMessage} left to do that the delivery need not wait for: closing the user's
         * data and writing the activity log and {@code .stats} file. {@link #deliver} runs it while the daemon's
         * reinjection is under way, the other ways of delivering before they start; {@link #run} at the end
         * where nothing was delivered.
         */
        private Runnable unfinished;

        Recipient(AgentOptions o, Commands cmd, String user, String recipient, String username, String message,
                  OutputStream out, MailTransport via, Hooks hooks, SharedTokens shared) {
            this.o = o;
            this.cmd = cmd;
            this.user = user;
            this.recipient = recipient;
            this.username = username;
            this.message = message;
            this.out = out;
            this.via = via;
            this.hooks = hooks;
            this.shared = shared;
        }

        /** Returns null in classify mode, where DSPAM records no result. */
        RecipientResult run() {
            try {
                try {
                    return runChecked();
                } finally {
                    finish();
                }
            } catch (StorageException e) {
                log.error(e.getMessage());
                return result(Disposition.TEMPORARY_FAILURE, null, false, e.getMessage());
            } catch (UncheckedIOException e) {
                log.error(e.getMessage());
                return result(Disposition.TEMPORARY_FAILURE, null, false, e.getMessage());
            }
        }

        private RecipientResult runChecked() {
            prefs = preferences(username);
            if (prefs.isOn("fallbackDomain")) {
                if (username.indexOf('@') >= 0) {
                    username = username.substring(username.indexOf('@'));
                } else {
                    log.error("process_users(): Can not fallback to domains for username '" + username
                            + "' without @domain part.");
                }
            }
            trainPristine = trainPristine(prefs);
            String storeName = localStore(username);
            boolean optedIn = Files.exists(files.optIn(storeName));
            boolean optedOut = Files.exists(files.optOut(storeName));
            Optional<String> max = config.get("MaxMessageSize");
            if (max.isPresent() && ByteString.bytes(message).length > CInts.atoi(max.get())) {
                log.info("message too big, delivering");
                optedOut = true;
            }
            if (optedOut || prefs.isOn("optOut")
                    || (config.matches("Opt", "in") && !optedIn && !prefs.isOn("optIn"))) {
                if (o.deliverInnocent()) {
                    DeliveryResult d = deliver(message, o.stdout() ? null : cmd.mailer(), false);
                    return delivered(d, null, false);
                }
                return result(Disposition.SUCCESS, null, false, status);
            }

            Processed p = processMessage(o, message);
            spamResult = p.result == SPAM;
            if (o.classifyOnly()) {
                return null;
            }
            if (p.result != SPAM) {
                boolean deliver = true;
                if (p.result != INNOCENT) {
                    if (o.classification() != null) {
                        deliver = false;
                        log.warning("process_message returned error " + p.result + ".  dropping message.");
                    } else {
                        log.warning("process_message returned error " + p.result + ".  delivering.");
                    }
                }
                if (deliver && o.deliverInnocent()) {
                    DeliveryResult d = deliver(p.text, o.stdout() ? null : cmd.mailer(), false);
                    if (!d.delivered() && p.result == INNOCENT) {
                        unlearnOnFailure(MessageClass.INNOCENT, p.text);
                    }
                    return delivered(d, p.className, false);
                }
                return result(Disposition.SUCCESS, p.className, false, status);
            }
            DeliveryResult d = DeliveryResult.OK;
            if (!o.deliverSpam()) {
                if (o.source() != Source.CORPUS) {
                    String action = prefs.value("spamAction");
                    if (!cmd.quarantine().isEmpty() || action.equals("tag") || action.equals("deliver")) {
                        if (o.classification() == null) {
                            String args = o.stdout() ? null
                                    : !cmd.quarantine().isEmpty() ? cmd.quarantine() : cmd.mailer();
                            d = deliver(p.text, args, true);
                        }
                    } else if ((o.source() == Source.INOCULATION || o.classification() == null) && !o.summary()) {
                        d = quarantine(p.text, managedGroup != null ? managedGroup : username);
                    }
                    if (!d.delivered()) {
                        unlearnOnFailure(MessageClass.SPAM, p.text);
                    }
                }
            } else {
                d = deliver(p.text, o.stdout() ? null : cmd.mailer(), true);
                if (!d.delivered()) {
                    unlearnOnFailure(MessageClass.SPAM, p.text);
                }
            }
            return delivered(d, p.className, true);
        }

        /** {@code marked}: the message as processed, whose signature tells what to unlearn. */
        private void unlearnOnFailure(MessageClass learnedAs, String marked) {
            if (config.matches("OnFail", "unlearn") && learned) {
                processMessage(o.forUnlearning(learnedAs), marked);
                finish();
            }
        }

        /** Does what {@link #processMessage} left to do, if anything; a failure there is logged, not passed on. */
        private void finish() {
            Runnable work = unfinished;
            unfinished = null;
            if (work != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Finishing the message for " + username + " failed: " + e);
                }
            }
        }

        private RecipientResult delivered(DeliveryResult d, String className, boolean spam) {
            Disposition disp = switch (d.status()) {
                case DELIVERED -> Disposition.SUCCESS;
                case TEMPORARY_FAILURE -> Disposition.TEMPORARY_FAILURE;
                case PERMANENT_FAILURE -> Disposition.PERMANENT_FAILURE;
            };
            if (!d.delivered() && !d.text().isEmpty()) {
                status = d.text();
            }
            return result(disp, className, spam, status);
        }

        private RecipientResult result(Disposition d, String className, boolean spam, String text) {
            return new RecipientResult(user, recipient, d, className, spam, text);
        }

        private String localStore(String name) {
            String store = prefs.value("localStore");
            return store.isEmpty() ? name : store;
        }

        /** DSPAM's {@code deliver_message}; {@code args} null writes the message to the output. */
        private DeliveryResult deliver(String text, String args, boolean spam) {
            if (spam && config.get("QuarantineMailbox").isPresent()) {
                recipient = quarantineMailbox(recipient, config.get("QuarantineMailbox").get());
            }
            if (protocol != null && !o.stdout()
                    && !(spam && config.get("QuarantineAgent").isPresent()
                         && prefs.value("spamAction").equals("quarantine"))) {
                return via.send(o.mailFrom(), List.of(recipient == null ? "" : recipient), text, this::finish).get(0);
            }
            finish();
            if (args == null) {
                try {
                    if (hooks.classificationLine()) {
                        out.write(ByteString.bytes("X-Daemon-Classification: " + (spam ? "SPAM" : "INNOCENT") + "\n"));
                    }
                    out.write(ByteString.bytes(text));
                    out.flush();
                    return DeliveryResult.OK;
                } catch (IOException e) {
                    log.error("Unable to write the message to the output: " + e.getMessage());
                    return DeliveryResult.temporary("Unable to write the message to the output");
                }
            }
            return commands.deliver(CommandDelivery.commandLine(args, user, recipient, o.mailFrom()), text);
        }

        private DeliveryResult quarantine(String text, String name) {
            finish();
            Path mbox = files.user(localStore(name)).quarantine();
            try {
                Quarantine.append(mbox, text, clock);
                return DeliveryResult.OK;
            } catch (IOException e) {
                log.error("Unable to open file for writing: " + mbox + ": " + e.getMessage());
                return DeliveryResult.temporary("Unable to write to the quarantine");
            }
        }

        /** DSPAM's {@code process_message} for this user. */
        private Processed processMessage(AgentOptions req, String input) {
            // The last message's user data is closed before any is opened: never two users' locks at once.
            finish();
            long start = System.nanoTime();
            boolean reclassify = req.source() == Source.ERROR;
            Features features = req.features() != null ? req.features()
                    : resolver.configuredFeatures(w -> log.error(w));
            EngineSettings settings = resolver.resolve(prefs, features, req.trainingMode());
            Message msg = MessageParser.parse(input);
            Verdict canned = Blocklist.check(files.user(localStore(username)).file("blocklist"), msg);
            String signatureId = req.signature();
            boolean protect = false;
            if (signatureId == null) {
                boolean inHeaders = prefs.value("signatureLocation").equals("headers");
                signatureId = SignatureScan.scan(msg,
                        new SignatureScan.Options(inHeaders, trainPristine, req.classification() == null));
                protect = inHeaders || isSigned(msg);
            }
            boolean haveSignature = signatureId != null
                    && (req.source() == Source.ERROR || req.source() == Source.INOCULATION);
            Groups groupFile = groupFile(req);
            Groups.Membership groups = membership(groupFile, req);
            if (haveSignature) {
                Optional<String> owner = driver.signatureOwner(signatureId);
                if (owner.isPresent() && !owner.get().equals(groups.dataUser(username))) {
                    becomeSignatureOwner(owner.get());
                    settings = resolver.resolve(prefs, features, req.trainingMode());
                    groups = membership(groupFile, req);
                }
            }
            managedGroup = groups.managedGroup();
            MessageText text = MessageText.of(msg);
            UserData data = new UserData(driver, username, groups, Agent.this::mergedGroupRefused);
            boolean handedOn = false;
            try {
                UserStorage store = data.get();
                Outcome outcome = null;
                byte[] retrainedFrom = null;
                if (haveSignature) {
                    Optional<byte[]> stored = store.signature(signatureId);
                    if (stored.isEmpty()) {
                        log.warning("Signature retrieval for '" + signatureId + "' failed");
                        haveSignature = false;
                    } else {
                        retrainedFrom = stored.get();
                        outcome = engine.retrain(store, settings, req.classification(), req.source(), req.unlearn(),
                                retrainedFrom);
                    }
                }
                if (!haveSignature) {
                    if (!trainPristine && req.classification() != null && req.source() == Source.ERROR) {
                        log.warning("Unable to find a valid signature. Aborting.");
                        return new Processed(EFAILURE, null, input);
                    }
                    if (canned == null) {
                        outcome = engine.process(store, settings, job(req), shared.tokens(input, settings, text));
                    }
                }
                if (canned == null && (outcome == null || !outcome.classified())) {
                    log.error("bailing on error 22");
                    log.warning("received invalid result (!DSR_ISSPAM && !DSR_ISINNOCENT): 22");
                    return new Processed(EFAILURE, null, input);
                }
                Verdict verdict = canned != null ? canned : outcome.verdict();
                Totals totals = outcome != null ? outcome.totals() : null;
                learned = outcome != null && outcome.learned();
                if (!verdict.spam() && Verdict.WHITELISTED.equals(verdict.className())) {
                    status = "Auto-Whitelisted";
                }
                Notifications notices = new Notifications(config, files, clock, log);
                notices.send(localStore(username), username, verdict.spam(), prefs,
                        notice -> {
                            if (!cmd.mailer().isBlank()) {
                                deliver(notice, cmd.mailer(), false);
                            }
                        });

                EngineSettings members = GroupActions.memberSettings(settings, features);
                if (!groups.peers().isEmpty() && canned == null && req.classification() == null
                        && !req.classifyOnly() && isSpamOrInnocent(verdict)) {
                    GroupActions.Evidence evidence = new GroupActions.Evidence(outcome.signature(),
                            () -> shared.tokens(input, members, text));
                    Verdict consulted = groupActions.consult(username, groups, data, settings, members, verdict,
                            totals, evidence);
                    if (consulted.spam() != verdict.spam()) {
                        totals = null;
                    }
                    verdict = consulted;
                }
                if (req.classification() == MessageClass.SPAM && req.source() != Source.CORPUS && !req.unlearn()
                        && !groups.inoculate().isEmpty()) {
                    data.release();
                    if (haveSignature) {
                        groupActions.inoculate(groups.inoculate(), members,
                                new GroupActions.Evidence(retrainedFrom, null));
                    } else {
                        // Without a signature, DSPAM inoculates the reporting user too and stops there:
                        // nothing is marked, logged or stored for the message.
                        List<String> targets = new ArrayList<>(groups.inoculate());
                        targets.add(username);
                        groupActions.inoculate(targets, members,
                                new GroupActions.Evidence(null, () -> shared.tokens(input, members, text)));
                        return new Processed(SPAM, Verdict.SPAM, input);
                    }
                }
                int result = verdict.spam() ? SPAM : INNOCENT;

                byte[] signatureData = canned != null ? new byte[8] : outcome.signature();
                if (canned != null || (req.operatingMode() == OperatingMode.PROCESS && req.classification() == null
                        && signatureData != null)) {
                    UserStorage own = data.get();
                    String prefix = driver.signatureIdPrefix(groups.dataUser(username));
                    boolean keep = req.classification() == null && settings.trainingMode() != TrainingMode.NOTRAIN
                            && !trainPristine;
                    byte[] kept = signatureData;
                    signatureId = prefix + signatureIds.next(clock.instant().getEpochSecond(),
                            keep ? id -> !own.storeNewSignature(prefix + id, kept) : id -> own.hasSignature(prefix + id));
                }
                ActivityLog activity = new ActivityLog(config, files, clock);
                if (settings.trainingMode() != TrainingMode.NOTRAIN && config.isOn("WebStats")) {
                    activity.stats(localStore(groups.dataUser(username)),
                            totals != null ? totals : data.get().totals(), data.mergedGroup());
                }
                if (!req.classifyOnly() && (config.isOn("SystemLog") || config.isOn("UserLog"))) {
                    if (status.isEmpty()) {
                        status = activity.defaultStatus(req, verdict, prefs.value("spamAction"));
                    }
                    activity.entry(localStore(managedGroup != null ? managedGroup : username), username, msg,
                            verdict, req, signatureId, status, (System.nanoTime() - start) / 1e9);
                }

                MessageMarks.addHeaders(msg, new MessageMarks.Report(verdict.className(), verdict.spam(),
                        verdict.probability(), verdict.confidence(), verdict.factors(), signatureId,
                        Ctime.format(clock.instant().getEpochSecond(), clock.getZone()), reclassify,
                        req.source() == null, config.isOn("ImprobabilityDrive"),
                        settings.trainingMode() != TrainingMode.NOTRAIN,
                        verdict.spam() && (managedGroup != null || !prefs.value("localStore").isEmpty())
                                ? username : null,
                        prefs.isOn("showFactors")));
                if (prefs.value("spamAction").equals("tag") && verdict.spam()) {
                    MessageMarks.tagSubject(msg, prefs.value("spamSubject"));
                }
                if ((prefs.isOn("tagSpam") && verdict.spam()) || (prefs.isOn("tagNonspam") && !verdict.spam())) {
                    embedTemplate(msg, verdict.spam());
                }
                if (!prefs.value("signatureLocation").equals("headers") && !trainPristine
                        && (req.classification() == null || canned != null)
                        && settings.trainingMode() != TrainingMode.NOTRAIN && signatureId != null) {
                    MessageMarks.embedSignature(msg, signatureId, pid);
                }
                String assembled = MessageAssembler.assemble(msg, protocol != null ? "\r\n" : "\n", protect);

                if (req.classifyOnly() || req.summary()) {
                    String line = "X-DSPAM-Result: " + username + "; result=\"" + verdict.resultName()
                            + "\"; class=\"" + verdict.className() + "\"; probability="
                            + CFormat.fixed(verdict.probability(), 4) + "; confidence="
                            + CFormat.fixed(verdict.confidence(), 2) + "; signature="
                            + (signatureId == null || signatureId.isEmpty() ? "N/A" : signatureId) + "\n";
                    try {
                        out.write(ByteString.bytes(line));
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                unfinished = () -> {
                    try {
                        data.close();
                    } finally {
                        activity.write(log);
                    }
                };
                handedOn = true;
                return new Processed(result, verdict.className(), assembled);
            } finally {
                if (!handedOn) {
                    data.close();
                }
            }
        }

        /** The group file, unless groups are off for this message (classification only, or {@code ignoreGroups on}). */
        private Groups groupFile(AgentOptions req) {
            if (req.classifyOnly() || prefs.isOn("ignoreGroups")) {
                return Groups.NONE;
            }
            Path file = config.get("GroupConfig").map(Path::of).orElse(files.home().resolve("group"));
            try {
                return Groups.read(file);
            } catch (IOException e) {
                log.error("Unable to read the group file " + file + ": " + e.getMessage());
                return Groups.NONE;
            }
        }

        private Groups.Membership membership(Groups groupFile, AgentOptions req) {
            return groupFile.membership(username,
                    req.classification() == MessageClass.SPAM && req.source() != Source.CORPUS);
        }

        /**
         * A signature id that names its owner ({@code MySQLUIDInSignature} / {@code PgSQLUIDInSignature})
         * makes the retraining the owner's: their data, preferences, logs and, for delivery, their name
         * as the recipient (as DSPAM does, so that a spam alias run as one user retrains whoever the
         * message was filtered for).
         */
        private void becomeSignatureOwner(String owner) {
            log.log(AgentLog.Level.DEBUG, "signature belongs to " + owner + ": retraining as " + owner
                    + " instead of " + username);
            username = owner;
            recipient = owner;
            prefs = preferences(owner);
            trainPristine = trainPristine(prefs);
        }

        private Job job(AgentOptions req) {
            if (req.classifyOnly()) {
                return Job.classify();
            }
            if (req.classification() == null) {
                return new Job(OperatingMode.PROCESS, null, null, req.unlearn(), true);
            }
            return new Job(OperatingMode.PROCESS, req.classification(), req.source(), req.unlearn(), false);
        }

        private void embedTemplate(Message msg, boolean spam) {
            if (msg.top().mediaSubtype() == MessagePart.MediaSubtype.SIGNED) {
                return;
            }
            Path template = txtDirectory().resolve(spam ? "msgtag.spam" : "msgtag.nonspam");
            try {
                MessageMarks.embedTemplate(msg, ByteString.of(Files.readAllBytes(template)));
            } catch (IOException e) {
                log.error("Unable to open file for reading: " + template + ": " + e.getMessage());
            }
        }
    }

    Path txtDirectory() {
        return config.get("TxtDirectory").map(Path::of).orElse(files.home().resolve("txt"));
    }

    private boolean trainPristine(Preferences prefs) {
        return (config.isOn("TrainPristine") || prefs.isOn("trainPristine"))
                && !prefs.value("trainPristine").equals("off");
    }

    /** Only a plain spam or innocent result is checked with a classification group, not a whitelisted or listed one. */
    private static boolean isSpamOrInnocent(Verdict v) {
        return Verdict.SPAM.equals(v.className()) || Verdict.INNOCENT.equals(v.className());
    }

    private void mergedGroupRefused(StorageException e) {
        if (loggedMergedRefusals.add(e.getMessage())) {
            log.error("Merged groups are not available: " + e.getMessage()
                    + "; their members are processed with their own data only");
        }
    }

    private static boolean isSigned(Message msg) {
        for (MessagePart p : msg.parts()) {
            if (p.mediaType() == MessagePart.MediaType.MULTIPART
                    && p.mediaSubtype() == MessagePart.MediaSubtype.SIGNED) {
                return true;
            }
        }
        return false;
    }

    /** {@code QuarantineMailbox}: {@code user+detail@domain} becomes {@code user<mailbox>@domain}. */
    static String quarantineMailbox(String recipient, String mailbox) {
        if (recipient == null) {
            return null;
        }
        int at = recipient.indexOf('@');
        String local = at < 0 ? recipient : recipient.substring(0, at);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        return local + mailbox + (at < 0 ? "" : recipient.substring(at));
    }

    private record Processed(int result, String className, String text) {
    }

    /**
     * The message's tokens, made once per tokenizer setting and shared by the recipients of one
     * call (users usually share the tokenizer, so a message to fifty users is tokenized once).
     */
    private final class SharedTokens {
        private final String message;
        private final Map<TokenizerSettings, TokenizedMessage> byTokenizer = new HashMap<>(2);

        SharedTokens(String message) {
            this.message = message;
        }

        TokenizedMessage tokens(String input, EngineSettings settings, MessageText text) {
            if (input != message) {
                return engine.tokenize(settings, text);
            }
            return byTokenizer.computeIfAbsent(settings.tokenizerSettings(), k -> engine.tokenize(settings, text));
        }
    }
}
