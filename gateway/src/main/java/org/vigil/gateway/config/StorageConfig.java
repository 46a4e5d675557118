package org.vigil.gateway.config;

/**
 * Durable storage.
 *
 * @param directory     folder of the embedded database and broker persistence (relative to the
 *                      working directory)
 * @param jdbcUrl       a JDBC URL (e.g. PostgreSQL) to use instead of the embedded database
 * @param retentionDays    how long full-resolution samples are kept
 * @param chartingInterval one charted Observation per vital per this interval
 * @param recorderQueue    readings that may wait for storage; the device intake is slowed from
 *                         two fifths of it on, so a burst is stored rather than dropped
 * @param intakeHold       how long the intake may be held while storage finishes nothing; after
 *                         that monitoring goes on and what cannot be stored is counted and alarmed
 */
public record StorageConfig(String directory, String jdbcUrl, String username, String passwordEnv,
                            Integer retentionDays, DurationText chartingInterval, Integer recorderQueue,
                            DurationText intakeHold) {

    public static final StorageConfig DEFAULT = new StorageConfig(null, null, null, null, null, null, null, null);
    public static final int DEFAULT_RECORDER_QUEUE = 50_000;

    public StorageConfig {
        directory = directory == null ? "data" : directory;
        retentionDays = retentionDays == null ? 30 : retentionDays;
        chartingInterval = chartingInterval == null ? DurationText.parse("1m") : chartingInterval;
        recorderQueue = recorderQueue == null ? DEFAULT_RECORDER_QUEUE : recorderQueue;
        intakeHold = intakeHold == null ? DurationText.parse("3s") : intakeHold;
    }

    public StorageConfig(String directory, String jdbcUrl, String username, String passwordEnv,
                         Integer retentionDays, DurationText chartingInterval) {
        this(directory, jdbcUrl, username, passwordEnv, retentionDays, chartingInterval, null, null);
    }

    public StorageConfig withDirectory(String newDirectory) {
        return new StorageConfig(newDirectory, jdbcUrl, username, passwordEnv, retentionDays, chartingInterval,
                recorderQueue, intakeHold);
    }
}
