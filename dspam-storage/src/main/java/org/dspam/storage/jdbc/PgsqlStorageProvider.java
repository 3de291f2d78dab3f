package org.dspam.storage.jdbc;

import java.util.Set;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDriverProvider;

/** {@code StorageDriver pgsql_drv} (or {@code .../libpgsql_drv.so}): PostgreSQL. */
public final class PgsqlStorageProvider implements StorageDriverProvider {
    @Override
    public Set<String> names() {
        return Set.of("pgsql_drv");
    }

    @Override
    public StorageDriver open(DspamConfig config, String profile) {
        return JdbcStorageDriver.open(new PgsqlDialect(), config, profile);
    }
}
