package org.dspam.storage.jdbc;

import java.util.Set;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverProvider;

/** {@code StorageDriver mysql_drv} (or {@code .../libmysql_drv.so}): MySQL and MariaDB. */
public final class MysqlStorageProvider implements StorageDriverProvider {
    @Override
    public Set<String> names() {
        return Set.of("mysql_drv");
    }

    @Override
    public StorageDriver open(DspamConfig config, String profile) {
        return JdbcStorageDriver.open(new MysqlDialect(), config, profile);
    }
}
