package org.dspam.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A storage back end: the hash files, MySQL, PostgreSQL, or memory for tests. Implementations
 * are thread safe; each {@link UserStorage} they hand out is used by one thread.
 */
public interface StorageDriver extends AutoCloseable {
    /** DSPAM's name for the driver ({@code hash_drv}, {@code mysql_drv}, ...). */
    String name();

    /** Opens a user for reading and learning; nothing is created until something is written. */
    UserStorage open(String user);

    /** Whether the user has any stored data. */
    boolean exists(String user);

    /** Every user with stored data, sorted by name. */
    List<String> users();

    /** Stored preferences of a user, or the defaults when {@code user} is null. */
    Map<String, String> preferences(String user);

    void setPreference(String user, String name, String value);

    void deletePreference(String user, String name);

    /**
     * Opens a user of a merged group (DSPAM's {@code merged} groups): totals and token counts read
     * as the sums of the user's and the group's data, and everything written goes to the user.
     * Only the SQL drivers can do this; the others refuse, as DSPAM's file drivers did.
     */
    default UserStorage openMerged(String user, String group) {
        throw StorageException.permanentFailure(name() + " does not support merged groups");
    }

    /**
     * What goes in front of the signature ids made for this user: empty, or {@code "uid,"} when the
     * driver writes the owner into ids (DSPAM's {@code MySQLUIDInSignature} / {@code PgSQLUIDInSignature}).
     */
    default String signatureIdPrefix(String user) {
        return "";
    }

    /** The user a signature id was made for, when the driver writes owners into ids; otherwise empty. */
    default Optional<String> signatureOwner(String signatureId) {
        return Optional.empty();
    }

    @Override
    void close();
}
