package org.dspam.tools.load;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives an LMTP server as Postfix's lmtp client does: {@code connections} connections at once,
 * each sending its share of {@code messages} messages one after the other (RSET between them,
 * MAIL, every RCPT and DATA pipelined in one write, then the message, then one reply per
 * recipient), with {@code recipients} recipients per message taken in turn from {@code users}
 * addresses. It stops by itself after the last message or the first broken connection.
 */
final class LoadRun {
    /** What to send. */
    record Plan(SocketAddress server, int connections, int messages, int warmup, int recipients, int users,
                String userPrefix, String domain, String lhlo, int replyTimeoutSeconds, List<byte[]> corpus) {
    }

    /** The outcome. */
    record Result(int sent, long accepted, long deferred, long refused, long elapsedNanos, long[] latenciesNanos,
                  java.util.Map<String, Long> acceptedByRecipient, List<String> errors) {
        double seconds() {
            return elapsedNanos / 1e9;
        }

        /** The {@code q}-quantile (0..1) of the per-message latency, in milliseconds. */
        double latencyMillis(double q) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(q * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }
    }

    private final Plan plan;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> byUser = new ConcurrentHashMap<>();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final long[] latencies;
    private final List<byte[]> prepared;
    private final java.util.Set<LmtpLine> open = ConcurrentHashMap.newKeySet();

    LoadRun(Plan plan) {
        this.plan = plan;
        this.latencies = new long[plan.messages()];
        this.prepared = new ArrayList<>(plan.corpus().size());
        for (byte[] m : plan.corpus()) {
            prepared.add(data(m));
        }
    }

    /** Sends the warm-up messages (not measured, not counted), then the measured ones. */
    Result run() throws InterruptedException {
        if (plan.warmup() > 0) {
            new LoadRun(new Plan(plan.server(), plan.connections(), plan.warmup(), 0, plan.recipients(),
                    plan.users(), plan.userPrefix() + "warmup-", plan.domain(), plan.lhlo(),
                    plan.replyTimeoutSeconds(), plan.corpus())).run();
        }
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < plan.connections(); c++) {
            threads.add(Thread.ofPlatform().name("load-" + c).start(this::connection));
        }
        Thread watchdog = Thread.ofPlatform().daemon().name("load-timeouts").start(this::closeExpired);
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        watchdog.interrupt();
        long[] measured = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        int sent = completed.get();
        java.util.Map<String, Long> users = new java.util.TreeMap<>();
        byUser.forEach((u, n) -> users.put(u, n.get()));
        return new Result(sent, accepted.get(), deferred.get(), refused.get(), elapsed, measured, users,
                List.copyOf(errors));
    }

    /** The address of the {@code k}-th recipient overall. */
    String recipient(long k) {
        return plan.userPrefix() + (k % plan.users()) + "@" + plan.domain();
    }

    /** Closes connections whose reply is overdue: their thread then fails and the run ends. */
    private void closeExpired() {
        try {
            while (true) {
                Thread.sleep(200);
                long now = System.nanoTime();
                for (LmtpLine c : open) {
                    if (c.expired(now)) {
                        errors.add("no reply within " + plan.replyTimeoutSeconds() + " s");
                        c.close();
                    }
                }
            }
        } catch (InterruptedException | IOException e) {
            // The run is over.
        }
    }

    private void connection() {
        int index = next.getAndIncrement();
        if (index >= plan.messages()) {
            return;
        }
        LmtpLine c = null;
        try {
            c = new LmtpLine(plan.server());
            c.setTimeout(plan.replyTimeoutSeconds());
            open.add(c);
            expect(c.reply(), 220, "greeting");
            c.write("LHLO " + plan.lhlo() + "\r\n");
            c.flush();
            expect(c.reply(), 250, "LHLO");
            boolean first = true;
            while (index < plan.messages()) {
                if (!first) {
                    c.write("RSET\r\n");
                    c.flush();
                    expect(c.reply(), 250, "RSET");
                }
                first = false;
                send(c, index);
                index = next.getAndIncrement();
            }
            c.write("QUIT\r\n");
            c.flush();
            c.reply();
        } catch (IOException | RuntimeException e) {
            errors.add(e.toString());
            // Nothing more is sent: what was not sent stays unsent (the run is bounded).
            next.set(Math.max(next.get(), plan.messages()));
        } finally {
            if (c != null) {
                open.remove(c);
                try {
                    c.close();
                } catch (IOException e) {
                    // Closing a finished connection: nothing to report.
                }
            }
        }
    }

    private void send(LmtpLine c, int index) throws IOException {
        byte[] data = prepared.get(index % prepared.size());
        List<String> rcpts = new ArrayList<>(plan.recipients());
        StringBuilder commands = new StringBuilder(64 + 40 * plan.recipients());
        commands.append("MAIL FROM:<load@").append(plan.domain()).append("> SIZE=").append(data.length).append("\r\n");
        for (int r = 0; r < plan.recipients(); r++) {
            String rcpt = recipient((long) index * plan.recipients() + r);
            rcpts.add(rcpt);
            commands.append("RCPT TO:<").append(rcpt).append(">\r\n");
        }
        commands.append("DATA\r\n");
        long start = System.nanoTime();
        c.write(commands.toString());
        c.flush();
        expect(c.reply(), 250, "MAIL FROM");
        for (int r = 0; r < rcpts.size(); r++) {
            expect(c.reply(), 250, "RCPT TO");
        }
        expect(c.reply(), 354, "DATA");
        c.write(data);
        c.flush();
        for (String rcpt : rcpts) {
            int code = c.reply();
            if (code < 0) {
                throw new IOException("connection closed before the replies to message " + index);
            }
            if (code / 100 == 2) {
                accepted.incrementAndGet();
                byUser.computeIfAbsent(rcpt, u -> new AtomicLong()).incrementAndGet();
            } else if (code / 100 == 4) {
                deferred.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
        }
        latencies[index] = Math.max(1, System.nanoTime() - start);
        completed.incrementAndGet();
    }

    private static void expect(int code, int wanted, String step) throws IOException {
        if (code != wanted) {
            throw new IOException(step + ": " + (code < 0 ? "connection closed" : "reply " + code));
        }
    }

    /** A message as an LMTP client sends it: CRLF line ends, dot-stuffed, the final dot. */
    static byte[] data(byte[] message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(message.length + message.length / 30 + 8);
        boolean lineStart = true;
        byte previous = 0;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\n' && previous != '\r') {
                out.write('\r');
            }
            out.write(b);
            lineStart = b == '\n';
            previous = b;
        }
        if (!lineStart) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
