package org.dspam.agent;

/**
 * What became of the message for one user (and recipient): the daemon turns it into that
 * recipient's LMTP reply, the command line into its exit status.
 *
 * @param user the user as given (before {@code +detail} stripping)
 * @param recipient the address delivered to
 * @param disposition what happened
 * @param className DSPAM's class ({@code Spam}, {@code Innocent}, {@code Whitelisted}, ...), or null
 *        when the message was not classified (opted out, too big, no tokens, dropped)
 * @param spam whether the result was spam
 * @param text DSPAM's status text for the recipient ({@code Quarantined}, {@code Deferred: ...}, ...)
 */
public record RecipientResult(String user, String recipient, Disposition disposition, String className, boolean spam,
                              String text) {
    public enum Disposition {
        /** Delivered, quarantined, written out, dropped on purpose, or classified only. */
        SUCCESS,
        /** Nothing was lost; the sender should retry. */
        TEMPORARY_FAILURE,
        /** Retrying will not help. */
        PERMANENT_FAILURE
    }

    public boolean failed() {
        return disposition != Disposition.SUCCESS;
    }
}
