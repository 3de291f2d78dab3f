package org.dspam.lmtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dspam.agent.AgentOptions;

/**
 * One LMTP or DLMTP conversation, as DSPAM's daemon holds it: greeting, {@code LHLO}, then
 * transactions ({@code MAIL FROM}, {@code RCPT TO}..., {@code DATA}) until {@code QUIT} or the end
 * of the connection. It knows nothing of sockets: lines come in through {@link #command}, the
 * message through {@link #message}, and everything it says or asks for goes to its
 * {@link Connection}.
 *
 * <p>State has two scopes: the connection's (the protocol chosen, failed authentications) and the
 * transaction's, which {@code RSET} and the end of a transaction clear.
 */
public final class LmtpSession {
    /** Where the conversation is; each state answers the commands it does not expect in DSPAM's words. */
    public enum State {
        /** Greeted, waiting for LHLO. */
        GREETED,
        /** Waiting for MAIL FROM. */
        READY,
        /** MAIL FROM accepted, no recipient yet. */
        MAIL,
        /** At least one recipient. */
        RCPT,
        /** Reading the message. */
        DATA,
        /** The message is being processed; the replies are not all out yet. */
        PROCESSING,
        CLOSED
    }

    private static final int AUTHENTICATION_TRIES = 3;
    private static final Duration AUTHENTICATION_PAUSE = Duration.ofSeconds(5);

    private static final Map<String, CommandHandler> HANDLERS = handlers(
            new LhloHandler(), new MailHandler(), new RcptHandler(), new DataHandler(), new RsetHandler(),
            new QuitHandler(), new XforwardHandler());

    private final SessionSettings settings;
    private final Connection connection;
    private State state = State.GREETED;
    private boolean dlmtp;
    private int authenticationFailures;
    private Envelope envelope;

    public LmtpSession(SessionSettings settings, Connection connection) {
        this.settings = settings;
        this.connection = connection;
        this.dlmtp = settings.mode() == ServerMode.DSPAM;
    }

    private static Map<String, CommandHandler> handlers(CommandHandler... all) {
        Map<String, CommandHandler> map = new LinkedHashMap<>();
        for (CommandHandler h : all) {
            for (String verb : h.verbs()) {
                map.put(verb, h);
            }
        }
        return Map.copyOf(map);
    }

    public State state() {
        return state;
    }

    public boolean dlmtp() {
        return dlmtp;
    }

    /** Between transactions (or before LHLO): a connection in this state can be closed without losing anything. */
    public boolean idle() {
        return state == State.GREETED || state == State.READY;
    }

    public void greet() {
        connection.reply(Reply.greeting(dlmtp, settings.version()));
    }

    /** One command line, without its line end. */
    public void command(String line) {
        if (state == State.CLOSED || state == State.DATA || state == State.PROCESSING) {
            return;
        }
        CommandHandler handler = HANDLERS.get(verb(line));
        if (handler != null) {
            handler.handle(this, line);
        } else {
            unexpected();
        }
    }

    /** A command line longer than the limit; it was dropped. */
    public void lineTooLong() {
        if (state != State.CLOSED) {
            connection.reply(Reply.LINE_TOO_LONG);
        }
    }

    /** The message after DATA has been read. */
    public void message(MessageData data) {
        if (state != State.DATA) {
            return;
        }
        List<Recipient> recipients = envelope.recipients;
        switch (data.status()) {
            case TOO_BIG -> {
                recipients.forEach(r -> connection.reply(Reply.tooBig(r.address())));
                endTransaction();
            }
            case NO_MEMORY -> {
                recipients.forEach(r -> connection.reply(Reply.busy(r.address())));
                endTransaction();
            }
            case COMPLETE -> {
                if (data.size() == 0) {
                    // DSPAM hangs up on an empty message; it now answers every recipient first.
                    recipients.forEach(r -> connection.reply(Reply.EMPTY_MESSAGE));
                    close();
                    return;
                }
                state = State.PROCESSING;
                connection.process(new Transaction(dlmtp, envelope.sender, recipients, envelope.options,
                        !dlmtp && settings.standardNamesUsers(), envelope.forward, data));
            }
        }
    }

    /** Every reply of the transaction is out: the connection is ready for the next one. */
    public void processed() {
        if (state == State.PROCESSING) {
            endTransaction();
        }
    }

    /** The connection ended (EOF or error). */
    public void closed() {
        state = State.CLOSED;
    }

    // --- for the command handlers ---

    SessionSettings settings() {
        return settings;
    }

    void reply(Reply reply) {
        connection.reply(reply);
    }

    /** The reply DSPAM gives in this state to a command it does not expect there. */
    void unexpected() {
        connection.reply(switch (state) {
            case GREETED -> Reply.NEED_LHLO;
            case READY -> Reply.NEED_MAIL;
            case MAIL -> Reply.NO_USER;
            default -> Reply.NEED_DATA;
        });
    }

    void lhlo(String name) {
        if (settings.mode() == ServerMode.AUTO) {
            dlmtp = !name.isEmpty() && settings.passwords().containsKey(name);
        }
        List<String> extensions = new ArrayList<>(List.of("PIPELINING", "ENHANCEDSTATUSCODES"));
        if (dlmtp) {
            extensions.add("DSPAMPROCESSMODE");
        }
        extensions.add("8BITMIME");
        if (offersXforward()) {
            extensions.add("XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE");
        }
        extensions.add("SIZE");
        connection.reply(Reply.extensions(settings.ident(), extensions));
        state = State.READY;
    }

    boolean offersXforward() {
        return !dlmtp && settings.advertiseXforward();
    }

    void forward(Map<String, String> attributes) {
        if (envelope == null) {
            envelope = new Envelope();
        }
        envelope.forward.putAll(attributes);
    }

    /** A failed DLMTP authentication: the third one ends the connection after a pause. */
    void authenticationFailed() {
        connection.reply(Reply.AUTH_REQUIRED);
        if (++authenticationFailures >= AUTHENTICATION_TRIES) {
            state = State.CLOSED;
            connection.closeAfter(AUTHENTICATION_PAUSE);
        }
    }

    void startTransaction(String sender, AgentOptions options) {
        if (envelope == null) {
            envelope = new Envelope();
        }
        envelope.sender = sender;
        envelope.options = options;
        state = State.MAIL;
    }

    int recipientCount() {
        return envelope.recipients.size();
    }

    void addRecipient(Recipient recipient) {
        envelope.recipients.add(recipient);
        state = State.RCPT;
    }

    void startData() {
        state = State.DATA;
        connection.reply(Reply.START_DATA);
        connection.receiveMessage(envelope.declaredSize);
    }

    void declaredSize(long size) {
        envelope.declaredSize = size;
    }

    void reset() {
        envelope = null;
        if (state != State.GREETED) {
            state = State.READY;
        }
    }

    void close() {
        state = State.CLOSED;
        connection.close();
    }

    private void endTransaction() {
        envelope = null;
        state = State.READY;
    }

    /** The command's verb, upper case: the first word, cut at a space or colon. */
    static String verb(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != ':') {
            end++;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** The address between the first {@code <} and the next {@code >}, or null without a {@code <}. */
    static String address(String line) {
        int open = line.indexOf('<');
        if (open < 0) {
            return null;
        }
        int close = line.indexOf('>', open);
        return close < 0 ? line.substring(open + 1) : line.substring(open + 1, close);
    }

    /** The transaction in progress. */
    private static final class Envelope {
        String sender = "";
        AgentOptions options;
        final List<Recipient> recipients = new ArrayList<>();
        final Map<String, String> forward = new LinkedHashMap<>();
        long declaredSize;
    }
}
