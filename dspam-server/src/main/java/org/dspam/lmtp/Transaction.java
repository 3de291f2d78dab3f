package org.dspam.lmtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dspam.agent.AgentOptions;

/**
 * One message received: its envelope, the agent arguments it is processed with, and the content.
 *
 * @param dlmtp whether it came over DLMTP (results name the class; output may come back)
 * @param sender the {@code MAIL FROM} address (LMTP), "" over DLMTP
 * @param recipients the accepted recipients, in {@code RCPT} order: one reply each
 * @param options the agent arguments ({@code ServerParameters} or {@code DSPAMPROCESSMODE})
 * @param usersFromArguments whether the arguments name the users ({@code --user} in
 *        {@code ServerParameters}), so recipients are only delivery addresses
 * @param forward the client's {@code XFORWARD} attributes, passed on at reinjection
 * @param message the content
 */
public record Transaction(boolean dlmtp, String sender, List<Recipient> recipients, AgentOptions options,
                          boolean usersFromArguments, Map<String, String> forward, MessageData message) {
    public Transaction {
        recipients = List.copyOf(recipients);
        forward = Collections.unmodifiableMap(new LinkedHashMap<>(forward));
    }
}
