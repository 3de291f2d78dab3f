package org.dspam.agent;

import java.util.function.Consumer;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.UserStorage;

/**
 * The data one user's message is processed against: their own, their shared group's, or their own
 * read together with their merged group's. Opened on first use, and closed while other users' data
 * is worked on (classification peers, inoculated members), so that the agent never holds two
 * users' locks at once: two members working on each other's data at the same time cannot deadlock.
 */
final class UserData implements AutoCloseable {
    private final StorageDriver driver;
    private final String user;
    private final Groups.Membership groups;
    private final Consumer<StorageException> mergedRefused;
    private UserStorage open;
    private boolean mergedReads;

    /**
     * @param mergedRefused told when the driver cannot read a merged group (only the SQL drivers
     *        can); the user's own data is used instead
     */
    UserData(StorageDriver driver, String user, Groups.Membership groups, Consumer<StorageException> mergedRefused) {
        this.driver = driver;
        this.user = user;
        this.groups = groups;
        this.mergedRefused = mergedRefused;
    }

    UserStorage get() {
        if (open == null) {
            open = openData();
        }
        return open;
    }

    private UserStorage openData() {
        if (groups.shared() != null) {
            return driver.open(groups.shared());
        }
        if (groups.merged() != null) {
            try {
                UserStorage s = driver.openMerged(user, groups.merged());
                mergedReads = true;
                return s;
            } catch (StorageException e) {
                if (e.isTransient()) {
                    throw e;
                }
                mergedRefused.accept(e);
            }
        }
        mergedReads = false;
        return driver.open(user);
    }

    /** The merged group whose data was read with the user's, or null. */
    String mergedGroup() {
        return mergedReads ? groups.merged() : null;
    }

    /** Closes the data until it is needed again. */
    void release() {
        UserStorage s = open;
        open = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        release();
    }
}
