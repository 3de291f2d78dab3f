package org.dspam.delivery;

import java.util.List;

/**
 * Hands a message to an SMTP or LMTP server ({@code DeliveryHost}). The agent opens a connection
 * per message; the daemon can supply its own, pooled implementation.
 */
public interface MailTransport {
    /**
     * Sends one message (text with LF or CRLF line ends) from {@code mailFrom} to the recipients.
     *
     * @return one result per recipient, in order
     */
    List<DeliveryResult> send(String mailFrom, List<String> recipients, String message);

    /**
     * Sends as {@link #send(String, List, String)} does, and runs {@code meanwhile} once on the calling thread:
     * work the caller has to do anyway and that need not come before the delivery, done while the server is busy
     * with the message where the transport can (once the first commands are on their way), else before sending.
     * It runs whatever the outcome. If it throws before anything was sent, nothing is sent and the exception
     * passes to the caller; once the message is on its way, the transport logs it and the results stand.
     */
    default List<DeliveryResult> send(String mailFrom, List<String> recipients, String message, Runnable meanwhile) {
        meanwhile.run();
        return send(mailFrom, recipients, message);
    }
}
