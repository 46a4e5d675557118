package org.vigil.gateway.config;

/**
 * Durable storage.
 *
 * @param directory     folder of the embedded database and broker persistence (relative to the
 *                      working directory)
 * @param jdbcUrl       a JDBC URL (e.g. PostgreSQL) to use instead of the embedded database
 * @param retentionDays how long full-resolution samples are kept
 */
public record StorageConfig(String directory, String jdbcUrl, String username, String passwordEnv,
                            Integer retentionDays) {

    public static final StorageConfig DEFAULT = new StorageConfig(null, null, null, null, null);

    public StorageConfig {
        directory = directory == null ? "data" : directory;
        retentionDays = retentionDays == null ? 30 : retentionDays;
    }

    public StorageConfig withDirectory(String newDirectory) {
        return new StorageConfig(newDirectory, jdbcUrl, username, passwordEnv, retentionDays);
    }
}
