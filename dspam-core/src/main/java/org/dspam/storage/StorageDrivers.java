package org.dspam.storage;

import java.util.ServiceLoader;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;

/** Opens the driver {@code StorageDriver} names. */
public final class StorageDrivers {
    public static final String DEFAULT = "hash_drv";

    private StorageDrivers() {
    }

    /**
     * The driver name in a {@code StorageDriver} value. DSPAM configurations name a shared
     * object ({@code /usr/lib/dspam/libpgsql_drv.so}); the name inside is what counts.
     */
    public static String driverName(String value) {
        String name = value.trim();
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        if (name.startsWith("lib")) {
            name = name.substring(3);
        }
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(0, dot);
        }
        return name;
    }

    public static StorageDriver open(DspamConfig config, String profile) {
        String name = driverName(config.get("StorageDriver").orElse(DEFAULT));
        for (StorageDriverProvider p : ServiceLoader.load(StorageDriverProvider.class)) {
            if (p.names().contains(name)) {
                return p.open(config, profile);
            }
        }
        throw new ConfigException("StorageDriver " + name + " is not available in this installation");
    }
}
