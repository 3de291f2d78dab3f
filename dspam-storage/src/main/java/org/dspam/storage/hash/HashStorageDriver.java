package org.dspam.storage.hash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.UserNames;
import org.dspam.storage.UserStorage;
import org.dspam.storage.UserLayout;
import org.dspam.storage.UserFiles;

/**
 * DSPAM's {@code hash_drv}: one {@code .css} file per user under {@code Home/data}, in DSPAM's own format, so that
 * an existing DSPAM home can be used as it is (and DSPAM can still use it afterwards). See docs/hash-driver.md.
 */
public final class HashStorageDriver implements StorageDriver {
    private final HashSettings settings;
    private final UserFileCache cache;
    private final Object defaultPreferencesLock = new Object();

    public HashStorageDriver(HashSettings settings) {
        this.settings = settings;
        Path pinned = null;
        if (settings.concurrentUser() != null && UserNames.isValid(settings.concurrentUser())) {
            pinned = files(settings.concurrentUser()).css();
        }
        this.cache = new UserFileCache(settings.connectionCache(), pinned);
    }

    public HashSettings settings() {
        return settings;
    }

    UserFileCache cache() {
        return cache;
    }

    /** Where a user's files are; the name is checked first. */
    public UserFiles files(String user) {
        return UserFiles.of(settings.home(), settings.layout(), user);
    }

    @Override
    public String name() {
        return "hash_drv";
    }

    @Override
    public UserStorage open(String user) {
        return new HashSession(this, files(user));
    }

    @Override
    public boolean exists(String user) {
        return hasData(files(user));
    }

    private static boolean hasData(UserFiles f) {
        try {
            return (Files.isRegularFile(f.css()) && Files.size(f.css()) > 0) || Files.isDirectory(f.signatures());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<String> users() {
        Path data = settings.home().resolve("data");
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        int depth = switch (settings.layout()) {
            case DEFAULT -> 1;
            case LARGESCALE -> 3;
            case DOMAINSCALE -> 2;
        };
        List<String> users = new ArrayList<>();
        try (Stream<Path> s = Files.walk(data, depth)) {
            s.filter(Files::isDirectory).forEach(dir -> {
                String name = userNameOf(data, dir);
                if (name != null && UserNames.isValid(name)) {
                    UserFiles f = files(name);
                    if (f.dir().equals(dir) && hasData(f)) {
                        users.add(name);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw StorageException.transientFailure("Cannot list the users under " + data + ": " + e.getMessage(), e);
        }
        users.sort(null);
        return users;
    }

    private String userNameOf(Path data, Path dir) {
        if (dir.equals(data)) {
            return null;
        }
        String local = dir.getFileName().toString();
        if (settings.layout() != UserLayout.DOMAINSCALE) {
            return local;
        }
        Path parent = dir.getParent();
        if (parent == null || parent.equals(data)) {
            return null;
        }
        String domain = parent.getFileName().toString();
        return domain.equals("local") ? local : local + "@" + domain;
    }

    @Override
    public Map<String, String> preferences(String user) {
        return FlatPreferences.read(user == null ? UserFiles.defaultPreferences(settings.home()) : files(user).preferences());
    }

    @Override
    public void setPreference(String user, String name, String value) {
        if (user == null) {
            synchronized (defaultPreferencesLock) {
                FlatPreferences.set(UserFiles.defaultPreferences(settings.home()), name, value);
            }
            return;
        }
        UserFiles f = files(user);
        UserLock l = lockForPreferences(f);
        try {
            FlatPreferences.set(f.preferences(), name, value);
        } finally {
            l.close();
        }
    }

    @Override
    public void deletePreference(String user, String name) {
        if (user == null) {
            synchronized (defaultPreferencesLock) {
                FlatPreferences.delete(UserFiles.defaultPreferences(settings.home()), name);
            }
            return;
        }
        UserFiles f = files(user);
        if (!Files.isDirectory(f.dir())) {
            return;
        }
        UserLock l = lockForPreferences(f);
        try {
            FlatPreferences.delete(f.preferences(), name);
        } finally {
            l.close();
        }
    }

    private UserLock lockForPreferences(UserFiles f) {
        try {
            Files.createDirectories(f.dir());
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot create " + f.dir() + ": " + e.getMessage(), e);
        }
        return UserLock.acquire(f.lock(), settings.lockTimeout());
    }

    /** Heap held by the lookup indexes of the files this driver keeps open between sessions (for monitoring). */
    public long indexBytes() {
        return cache.indexBytes();
    }

    @Override
    public void close() {
        cache.clear();
    }
}
