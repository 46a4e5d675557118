package org.vigil.gateway;

import java.nio.file.Path;
import java.time.Duration;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.StorageConfig;

/** The database the configuration names: PostgreSQL through a JDBC URL, or the embedded H2 file. */
public final class StorageSettings {

    private StorageSettings() {
    }

    public static StorageConfig of(VigilConfig config) {
        var storage = config.storage();
        StorageConfig database;
        if (storage.jdbcUrl() != null) {
            String password = storage.passwordEnv() == null ? "" : System.getenv(storage.passwordEnv());
            database = StorageConfig.jdbc(storage.jdbcUrl(), storage.username(), password);
        } else {
            database = StorageConfig.h2(Path.of(storage.directory()));
        }
        return database.withSampleRetention(Duration.ofDays(storage.retentionDays()));
    }
}
