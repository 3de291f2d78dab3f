package org.dspam.storage.hash;

import java.nio.file.Path;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on the hash driver with the shipped dspam.conf's hash settings (smaller extents), keeping
 * ten files open between sessions, and keeping only the last one (HashConnectionCache 0 reads as 1).
 */
class HashStorageDriverTest extends StorageDriverContract {
    @TempDir
    Path home;

    @Override
    protected StorageDriver newDriver() {
        return new HashStorageDriver(HashSettings.shipped(home).withSizes(1021, 509, 10, 10));
    }

    @Nested
    class KeepingOneFile extends StorageDriverContract {
        @TempDir
        Path home;

        @Override
        protected StorageDriver newDriver() {
            return new HashStorageDriver(HashSettings.shipped(home).withSizes(1021, 509, 10, 10).withCache(0, null));
        }
    }
}
