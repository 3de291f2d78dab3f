package org.dspam.storage;

/**
 * A storage failure. Transient ones (a locked file, a database that is down, a full disk that
 * may be cleared) make the daemon answer 4xx and the agent exit so that the MTA retries;
 * permanent ones (a corrupt file, a bad user name) are reported as such.
 */
public class StorageException extends RuntimeException {
    public enum Kind { TRANSIENT, PERMANENT }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static StorageException transientFailure(String message, Throwable cause) {
        return new StorageException(Kind.TRANSIENT, message, cause);
    }

    public static StorageException permanentFailure(String message) {
        return new StorageException(Kind.PERMANENT, message);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
