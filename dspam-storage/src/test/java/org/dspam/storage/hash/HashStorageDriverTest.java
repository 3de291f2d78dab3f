package org.dspam.storage.hash;

import java.nio.file.Path;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverContract;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the hash driver, with the shipped dspam.conf's hash settings (smaller extents). */
class HashStorageDriverTest extends StorageDriverContract {
    @TempDir
    Path home;

    @Override
    protected StorageDriver newDriver() {
        return new HashStorageDriver(HashSettings.shipped(home).withSizes(1021, 509, 10, 10));
    }
}
