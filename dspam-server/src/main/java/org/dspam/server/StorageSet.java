package org.dspam.server;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.dspam.agent.log.AgentLog;
import org.dspam.config.ConfigValue;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;

/**
 * The storage drivers of a configuration, one per profile, opened when first needed and shared by
 * every transaction. A reload that leaves the storage settings alone keeps the same drivers (their
 * connection pools, their open files, and for {@code StorageDriver memory} the data itself); they
 * are closed when the last runtime using them is released.
 */
final class StorageSet {
    /** Directive names that choose or tune the storage: a change in any of them opens new drivers. */
    private static final String[] STORAGE_PREFIXES = {"home", "storagedriver", "hash", "mysql", "pgsql", "sqlite",
        "profile", "defaultprofile", "failover"};

    private final String key;
    private final ServerRuntime.StorageOpener opener;
    private final DspamConfig config;
    private final AgentLog log;
    private final Map<String, StorageDriver> drivers = new ConcurrentHashMap<>();
    private final AtomicInteger users = new AtomicInteger(1);

    private StorageSet(DspamConfig config, ServerRuntime.StorageOpener opener, AgentLog log) {
        this.key = key(config);
        this.config = config;
        this.opener = opener;
        this.log = log;
    }

    /** The drivers for {@code config}: the previous ones if the storage settings are the same, else new ones. */
    static StorageSet forConfig(DspamConfig config, ServerRuntime.StorageOpener opener, AgentLog log,
                                StorageSet previous) {
        if (previous != null && previous.key.equals(key(config)) && previous.retain()) {
            return previous;
        }
        return new StorageSet(config, opener, log);
    }

    /** The driver of a profile ("" for the default). */
    StorageDriver driver(String profile) {
        return drivers.computeIfAbsent(profile, p -> opener.open(config, p.isEmpty() ? null : p));
    }

    private boolean retain() {
        int n;
        do {
            n = users.get();
            if (n == 0) {
                return false;
            }
        } while (!users.compareAndSet(n, n + 1));
        return true;
    }

    void release() {
        if (users.decrementAndGet() == 0) {
            drivers.values().forEach(d -> {
                try {
                    d.close();
                } catch (RuntimeException e) {
                    log.error("Closing the storage failed: " + e.getMessage());
                }
            });
        }
    }

    private static String key(DspamConfig config) {
        StringBuilder sb = new StringBuilder();
        for (ConfigValue v : config.entries()) {
            String name = v.key().toLowerCase(Locale.ROOT);
            for (String prefix : STORAGE_PREFIXES) {
                if (name.startsWith(prefix)) {
                    sb.append(name).append('=').append(v.value()).append('\n');
                    break;
                }
            }
        }
        return sb.toString();
    }
}
