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
}
