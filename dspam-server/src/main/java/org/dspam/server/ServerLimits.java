package org.dspam.server;

import java.time.Duration;

import org.dspam.config.DspamConfig;

/**
 * The daemon's limits, from dspam.conf (directives this project adds; DSPAM had none of these
 * limits), with defaults that suit a busy mail host.
 *
 * @param maxMessageSize {@code ServerMaxMessageSize}: larger messages are refused (552) after reading
 * @param maxRecipients {@code ServerMaxRecipients}: more recipients in one transaction get 452
 *        (the MTA sends them in a later one)
 * @param maxLineLength the longest command line (the message's lines are not limited)
 * @param maxConnections {@code ServerMaxConnections}: more get 421 and are closed
 * @param timeout {@code ServerTimeout}: a client silent this long (outside processing) is disconnected
 * @param threads {@code ServerThreads}: workers processing messages (storage and delivery)
 * @param memoryLimit {@code ServerMemoryLimit}: bytes all messages in flight may hold together
 * @param deliveryTimeout {@code DeliveryTimeout}: the longest wait for a reply of the reinjection server
 * @param deliveryConnections {@code DeliveryConnectionCache}: idle reinjection connections kept per destination
 * @param drainTimeout how long SIGTERM waits for the transactions in flight
 */
public record ServerLimits(long maxMessageSize, int maxRecipients, int maxLineLength, int maxConnections,
                           Duration timeout, int threads, long memoryLimit, Duration deliveryTimeout,
                           int deliveryConnections, Duration drainTimeout) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L << 20;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int MAX_LINE_LENGTH = 8192;
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_DELIVERY_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_DELIVERY_CONNECTIONS = 32;

    public static ServerLimits from(DspamConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        long heap = Runtime.getRuntime().maxMemory();
        long maxSize = config.getLong("ServerMaxMessageSize", DEFAULT_MAX_MESSAGE_SIZE);
        long memory = config.getLong("ServerMemoryLimit", Math.max(heap / 2, maxSize * 2));
        return new ServerLimits(maxSize,
                config.getInt("ServerMaxRecipients", DEFAULT_MAX_RECIPIENTS),
                MAX_LINE_LENGTH,
                config.getInt("ServerMaxConnections", DEFAULT_MAX_CONNECTIONS),
                Duration.ofSeconds(config.getInt("ServerTimeout", DEFAULT_TIMEOUT_SECONDS)),
                config.getInt("ServerThreads", Math.max(8, 4 * cores), 1),
                memory,
                Duration.ofSeconds(config.getInt("DeliveryTimeout", DEFAULT_DELIVERY_TIMEOUT_SECONDS)),
                config.getInt("DeliveryConnectionCache", DEFAULT_DELIVERY_CONNECTIONS),
                Duration.ofSeconds(config.getInt("DeliveryTimeout", DEFAULT_DELIVERY_TIMEOUT_SECONDS) + 60L));
    }
}
