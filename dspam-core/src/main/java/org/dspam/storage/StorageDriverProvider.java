package org.dspam.storage;

import java.util.Set;

import org.dspam.config.DspamConfig;

/**
 * Makes a {@link StorageDriver} from the configuration; found with {@link java.util.ServiceLoader}
 * so that the engine does not depend on the drivers.
 */
public interface StorageDriverProvider {
    /** The {@code StorageDriver} names this provider answers to, e.g. {@code hash_drv}. */
    Set<String> names();

    StorageDriver open(DspamConfig config, String profile);
}
