package org.dspam.agent;

import java.util.List;

/**
 * The results of one agent run.
 *
 * @param recipients one result per processed user and recipient (none in classify mode, as in DSPAM)
 * @param spamCode 99 when {@code Broken returnCodes} is set and a message was spam, else 0
 */
public record AgentResult(List<RecipientResult> recipients, int spamCode) {
    public AgentResult {
        recipients = List.copyOf(recipients);
    }

    /**
     * DSPAM's exit status: 99 for spam with {@code Broken returnCodes}; otherwise 0, or minus the
     * number of failed recipients as an 8-bit value (255 for one).
     */
    public int exitCode() {
        if (spamCode != 0) {
            return spamCode;
        }
        int failed = (int) recipients.stream().filter(RecipientResult::failed).count();
        return (-failed) & 0xff;
    }
}
