package org.dspam.storage.jdbc;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverContract;
import org.junit.jupiter.api.AfterAll;

/** The storage contract on MariaDB/MySQL, each test on a database of its own that the driver sets up. */
class MysqlStorageDriverIT extends StorageDriverContract {
    private static final TestDatabases DATABASES = new TestDatabases(TestDatabases.Kind.MYSQL);

    @Override
    protected StorageDriver newDriver() throws Exception {
        return DATABASES.driver(DATABASES.create());
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        DATABASES.dropAll();
    }
}
