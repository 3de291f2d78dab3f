package org.dspam.storage;

import java.util.List;
import java.util.Map;

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

    @Override
    void close();
}
