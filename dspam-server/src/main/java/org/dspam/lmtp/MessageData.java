package org.dspam.lmtp;

/**
 * The message after {@code DATA}, as DSPAM reads it from the socket: dot-stuffing undone and every
 * line ended by a bare newline.
 *
 * @param content the message, or null when it was not kept
 * @param size its size in bytes as received
 * @param status whether it was kept whole
 */
public record MessageData(byte[] content, long size, Status status) {
    public enum Status {
        COMPLETE,
        /** Larger than the server's limit; the rest was read and dropped. */
        TOO_BIG,
        /** The server had no room for it at the moment; the rest was read and dropped. */
        NO_MEMORY
    }

    public static MessageData complete(byte[] content) {
        return new MessageData(content, content.length, Status.COMPLETE);
    }
}
