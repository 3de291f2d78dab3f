package org.dspam.storage.memory;

import java.util.Set;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverProvider;

/** {@code StorageDriver memory}: nothing persists beyond the process (tests, benchmarks, evaluations). */
public final class MemoryStorageProvider implements StorageDriverProvider {
    @Override
    public Set<String> names() {
        return Set.of("memory");
    }

    @Override
    public StorageDriver open(DspamConfig config, String profile) {
        return new MemoryStorageDriver();
    }
}
