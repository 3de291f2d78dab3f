package org.dspam.lmtp;

import java.time.Duration;

/** What an {@link LmtpSession} needs from its transport. Implementations keep replies in order. */
public interface Connection {
    void reply(Reply reply);

    /** Reads the message that follows the {@code 354} reply; it comes back through {@link LmtpSession#message}. */
    void receiveMessage(long expectedSize);

    /**
     * Processes a transaction away from the connection's I/O. The replies (one per recipient, or
     * the DLMTP output) go out as they are ready; then {@link LmtpSession#processed} is called.
     */
    void process(Transaction transaction);

    /** Closes the connection once the replies sent so far are out. */
    void close();

    /** Stops reading, and closes the connection after a delay (DSPAM's pause after failed authentication). */
    void closeAfter(Duration delay);
}
