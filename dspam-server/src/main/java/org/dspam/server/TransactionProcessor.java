package org.dspam.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.dspam.agent.Agent;
import org.dspam.agent.AgentOptions;
import org.dspam.agent.MessageInput;
import org.dspam.agent.RecipientResult;
import org.dspam.agent.log.AgentLog;
import org.dspam.delivery.MailTransport;
import org.dspam.lmtp.Recipient;
import org.dspam.lmtp.Reply;
import org.dspam.lmtp.Transaction;

/**
 * Runs a received transaction through the agent on a worker thread, as DSPAM's daemon runs
 * {@code process_users}, and turns the results into replies: one per recipient, in order, each
 * sent as soon as that recipient's copy is reinjected, delivered or quarantined. With
 * {@code --classify}, {@code --stdout} or {@code --deliver=summary} (DLMTP) the agent's output goes
 * back instead, dot-stuffed, ending with a lone dot.
 *
 * <p>Whatever goes wrong (storage, delivery, memory, a bug) becomes a temporary failure for the
 * recipients not yet answered, so the client keeps the message and tries again.
 */
final class TransactionProcessor implements TransactionHandler {
    private static final String PROCESSING_ERROR = "Error occurred during processing";

    private final ServerRuntime runtime;
    private final Executor workers;
    private final AgentLog log;

    TransactionProcessor(ServerRuntime runtime, Executor workers, AgentLog log) {
        this.runtime = runtime;
        this.workers = workers;
        this.log = log;
    }

    @Override
    public void submit(Transaction t, ResultSink sink) {
        try {
            workers.execute(() -> run(t, sink));
        } catch (RejectedExecutionException e) {
            // Shutting down, or no worker thread to be had: the client keeps the message and tries again.
            String why = e.getMessage() == null ? "Service unavailable" : e.getMessage();
            t.recipients().forEach(r -> sink.reply(Reply.deferred(r.address(), why)));
            sink.done();
        }
    }

    private void run(Transaction t, ResultSink sink) {
        Replies replies = new Replies(t, sink);
        boolean output = false;
        try {
            AgentOptions options = envelope(t);
            output = options.stdout() || options.classifyOnly() || options.summary();
            MessageInput.Read read = MessageInput.read(t.message().content(), options, runtime.config(), true);
            if (read.message() == null) {
                replies.empty(output);
                return;
            }
            Agent agent = runtime.agent(read.options().profile());
            MailTransport transport = runtime.reinjection(t.forward());
            ByteArrayOutputStream buffer = output ? new ByteArrayOutputStream(t.message().content().length + 1024)
                    : null;
            boolean streaming = !output;
            Agent.Hooks hooks = new Agent.Hooks(transport, r -> replies.result(r, streaming), output);
            agent.process(read.options(), read.message(), output ? buffer : OutputStream.nullOutputStream(), hooks);
            if (output) {
                replies.output(buffer.toByteArray());
            }
        } catch (OutOfMemoryError e) {
            log.error("Out of memory while processing a message of " + t.message().size() + " bytes");
            replies.failRest("Insufficient memory, try again later", output);
        } catch (RuntimeException e) {
            log.error("Processing failed: " + e);
            replies.failRest(PROCESSING_ERROR, output);
        } finally {
            replies.failRest(PROCESSING_ERROR, output);
            sink.done();
        }
    }

    /** The agent arguments with the envelope's users, recipients and sender, as DSPAM's daemon sets them. */
    private static AgentOptions envelope(Transaction t) {
        List<String> users = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (Recipient r : t.recipients()) {
            users.add(r.user());
            addresses.add(r.address());
        }
        AgentOptions o = t.options();
        if (!t.usersFromArguments()) {
            o = o.withUsers(users);
        }
        if (t.dlmtp()) {
            // DSPAM keeps no recipients over DLMTP (%r is the user); pairing each user with itself
            // keeps one result per RCPT even when the message's headers change the user.
            return o.recipients().isEmpty() ? o.withRecipients(users) : o;
        }
        return o.withRecipients(addresses).withMailFrom(t.sender());
    }

    /** The replies of one transaction, in RCPT order. */
    private static final class Replies {
        private final Transaction t;
        private final ResultSink sink;
        private final List<RecipientResult> results = new ArrayList<>();
        private int sent;
        private boolean finished;

        Replies(Transaction t, ResultSink sink) {
            this.t = t;
            this.sink = sink;
        }

        void result(RecipientResult r, boolean streaming) {
            results.add(r);
            if (streaming && sent < t.recipients().size()) {
                sink.reply(reply(sent, r));
                sent++;
            }
        }

        /** The agent's output when every recipient succeeded; else why, per recipient. */
        void output(byte[] bytes) {
            int n = t.recipients().size();
            boolean ok = results.size() >= n && results.stream().noneMatch(RecipientResult::failed);
            if (ok) {
                sink.output(DotStuffing.frame(bytes));
            } else {
                for (int i = 0; i < n; i++) {
                    sink.reply(i < results.size() ? reply(i, results.get(i))
                            : Reply.deferred(name(i), PROCESSING_ERROR));
                }
                sink.output(DotStuffing.END);
            }
            sent = n;
            finished = true;
        }

        /** Nothing was left of the message once read (it held only NUL bytes). */
        void empty(boolean output) {
            t.recipients().forEach(r -> sink.reply(Reply.EMPTY_MESSAGE));
            if (output) {
                sink.output(DotStuffing.END);
            }
            sent = t.recipients().size();
            finished = true;
        }

        /** Every recipient not answered yet fails temporarily. */
        void failRest(String why, boolean output) {
            if (finished) {
                return;
            }
            int n = t.recipients().size();
            for (int i = sent; i < n; i++) {
                sink.reply(Reply.deferred(name(i), why));
            }
            if (output) {
                sink.output(DotStuffing.END);
            }
            sent = n;
            finished = true;
        }

        private Reply reply(int i, RecipientResult r) {
            String name = name(i);
            return switch (r.disposition()) {
                case SUCCESS -> Reply.accepted(name, t.dlmtp() ? (r.spam() ? "SPAM" : "INNOCENT") : null);
                case TEMPORARY_FAILURE -> Reply.deferred(name, r.text().isEmpty() ? PROCESSING_ERROR : r.text());
                case PERMANENT_FAILURE -> Reply.failed(name, r.text().isEmpty() ? "Permanent error occurred"
                        : r.text());
            };
        }

        /** DSPAM names the recipient address over LMTP, the user over DLMTP. */
        private String name(int i) {
            Recipient r = t.recipients().get(i);
            return t.dlmtp() ? r.user() : r.address();
        }
    }
}
