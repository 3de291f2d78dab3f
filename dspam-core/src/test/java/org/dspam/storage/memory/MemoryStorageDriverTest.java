package org.dspam.storage.memory;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverContract;

class MemoryStorageDriverTest extends StorageDriverContract {
    @Override
    protected StorageDriver newDriver() {
        return new MemoryStorageDriver();
    }
}
