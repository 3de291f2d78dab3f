package org.dspam.storage.hash;

import java.util.Set;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverProvider;

/** {@code StorageDriver hash_drv} (or DSPAM's {@code .../libhash_drv.so}). */
public final class HashStorageProvider implements StorageDriverProvider {
    @Override
    public Set<String> names() {
        return Set.of("hash_drv");
    }

    @Override
    public StorageDriver open(DspamConfig config, String profile) {
        return new HashStorageDriver(HashSettings.from(config, profile));
    }
}
