package org.vigil.gateway.config;

/**
 * Durable storage.
 *
 * @param directory     folder of the embedded database and broker persistence (relative to the
 *                      working directory)
 * @param jdbcUrl       a JDBC URL (e.g. PostgreSQL) to use instead of the embedded database
 * @param retentionDays    how long full-resolution samples are kept
 * @param chartingInterval one charted Observation per vital per this interval
 */
public record StorageConfig(String directory, String jdbcUrl, String username, String passwordEnv,
                            Integer retentionDays, DurationText chartingInterval) {

    public static final StorageConfig DEFAULT = new StorageConfig(null, null, null, null, null, null);

    public StorageConfig {
        directory = directory == null ? "data" : directory;
        retentionDays = retentionDays == null ? 30 : retentionDays;
        chartingInterval = chartingInterval == null ? DurationText.parse("1m") : chartingInterval;
    }

}
