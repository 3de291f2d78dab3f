package org.dspam.storage.memory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.dspam.storage.SignatureInfo;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.TokenRecord;
import org.dspam.storage.Totals;
import org.dspam.storage.UserNames;
import org.dspam.storage.UserStorage;

/**
 * Keeps everything in memory: for tests, benchmarks and the in-process corpus evaluation. A user
 * is locked from {@link #open} to {@link UserStorage#close()}, as the hash driver locks its file.
 */
public final class MemoryStorageDriver implements StorageDriver {
    private final ConcurrentHashMap<String, UserData> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, String>> preferences = new ConcurrentHashMap<>();
    private static final String DEFAULTS = "\0defaults";

    private static final class UserData {
        final ReentrantLock lock = new ReentrantLock();
        final CountTable tokens = new CountTable();
        final Map<String, byte[]> signatures = new LinkedHashMap<>();
        final Map<String, Long> signatureDays = new LinkedHashMap<>();
        Totals totals = Totals.ZERO;
        boolean exists;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public UserStorage open(String user) {
        UserNames.validate(user);
        UserData data = users.computeIfAbsent(user, u -> new UserData());
        data.lock.lock();
        return new Session(user, data);
    }

    @Override
    public boolean exists(String user) {
        UserData d = users.get(user);
        return d != null && d.exists;
    }

    @Override
    public List<String> users() {
        List<String> names = new ArrayList<>();
        users.forEach((name, d) -> {
            if (d.exists) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    @Override
    public Map<String, String> preferences(String user) {
        Map<String, String> p = preferences.get(user == null ? DEFAULTS : user);
        return p == null ? Map.of() : Map.copyOf(p);
    }

    @Override
    public void setPreference(String user, String name, String value) {
        if (user != null) {
            UserNames.validate(user);
        }
        preferences.computeIfAbsent(user == null ? DEFAULTS : user, u -> new TreeMap<>()).put(name, value);
    }

    @Override
    public void deletePreference(String user, String name) {
        Map<String, String> p = preferences.get(user == null ? DEFAULTS : user);
        if (p != null) {
            p.remove(name);
        }
    }

    @Override
    public void close() {
        users.clear();
    }

    private static final class Session implements UserStorage {
        private final String user;
        private final UserData data;
        private boolean open = true;

        Session(String user, UserData data) {
            this.user = user;
            this.data = data;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean exists() {
            return data.exists;
        }

        @Override
        public Totals totals() {
            return data.totals;
        }

        @Override
        public void fetch(long[] keys, int count, long[] spam, long[] innocent) {
            data.tokens.getAll(keys, count, spam, innocent);
        }

        @Override
        public void commit(TokenChanges changes, Totals totalsDelta) {
            data.tokens.addAll(changes);
            data.totals = data.totals.plus(totalsDelta).storable();
            data.exists = true;
        }

        @Override
        public Optional<byte[]> signature(String id) {
            return Optional.ofNullable(data.signatures.get(id)).map(byte[]::clone);
        }

        @Override
        public void storeSignature(String id, byte[] bytes) {
            data.signatures.put(id, bytes.clone());
            data.signatureDays.put(id, LocalDate.now().toEpochDay());
            data.exists = true;
        }

        @Override
        public boolean hasSignature(String id) {
            return data.signatures.containsKey(id);
        }

        @Override
        public List<SignatureInfo> signatures() {
            List<SignatureInfo> out = new ArrayList<>();
            data.signatureDays.forEach((id, day) -> out.add(new SignatureInfo(id, day)));
            return out;
        }

        @Override
        public void deleteSignature(String id) {
            data.signatures.remove(id);
            data.signatureDays.remove(id);
        }

        @Override
        public void forEachToken(Consumer<TokenRecord> visitor) {
            data.tokens.forEach((key, packed) -> visitor.accept(
                    new TokenRecord(key, CountTable.spam(packed), CountTable.innocent(packed), -1)));
        }

        @Override
        public void deleteTokens(long[] keys, int count) {
            for (int i = 0; i < count; i++) {
                data.tokens.remove(keys[i]);
            }
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                data.lock.unlock();
            }
        }
    }
}
