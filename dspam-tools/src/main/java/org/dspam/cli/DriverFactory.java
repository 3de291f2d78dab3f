package org.dspam.cli;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;

/** Opens the storage a tool works on; the installed tools use {@link StorageDrivers}, tests hand in their own driver. */
@FunctionalInterface
public interface DriverFactory {
    DriverFactory CONFIGURED = StorageDrivers::open;

    /**
     * @param profile the storage profile ({@code --profile}, else {@code DefaultProfile}), or null
     */
    StorageDriver open(DspamConfig config, String profile);
}
