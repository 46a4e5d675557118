package org.vigil.gateway.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how long the gateway keeps its data.
 *
 * @param jdbcUrl         {@code jdbc:h2:file:<dir>/vigil} (default, embedded) or
 *                        {@code jdbc:postgresql://host:5432/vigil}
 * @param user            database user ({@code sa} for the embedded H2 database)
 * @param password        database password, may be empty
 * @param sampleRetention how long full-resolution samples (and sent export entries) are kept
 * @param maxConnections  size of the connection pool: at most this many operations at once
 */
public record StorageConfig(String jdbcUrl, String user, String password, Duration sampleRetention,
                            int maxConnections) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    public StorageConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("storage.jdbcUrl must be a jdbc:h2: or jdbc:postgresql: URL, got " + jdbcUrl);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        sampleRetention = sampleRetention == null ? DEFAULT_RETENTION : sampleRetention;
        if (sampleRetention.isNegative() || sampleRetention.isZero()) {
            throw new IllegalArgumentException("storage.sampleRetention must be positive, got " + sampleRetention);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("storage.maxConnections must be at least 1, got " + maxConnections);
        }
    }

    /**
     * The default: an embedded H2 database file {@code vigil.mv.db} in {@code directory}. H2 writes
     * committed changes to the file up to 500 ms later by default (WRITE_DELAY), so a killed process
     * would lose alarm log entries it had already confirmed; with 0 each commit reaches the file.
     * H2 keeps 16 MiB of pages in memory by default; a busy ward's inserts then evict and re-read
     * the index pages of the sample and Observation tables between one insert and the next (a
     * 90 % hit ratio in the 1,000-bed saturation run), so the cache is 32 MiB (CACHE_SIZE is in
     * KiB): 64 MiB stored no faster and left less of the shipped 320 MiB heap (BENCHMARKS.md).
     */
    public static StorageConfig h2(Path directory) {
        return new StorageConfig("jdbc:h2:file:" + directory.toAbsolutePath().resolve("vigil")
                + ";WRITE_DELAY=0;CACHE_SIZE=32768", "sa", "", DEFAULT_RETENTION, DEFAULT_MAX_CONNECTIONS);
    }

    public static StorageConfig jdbc(String jdbcUrl, String user, String password) {
        return new StorageConfig(jdbcUrl, user, password, DEFAULT_RETENTION, DEFAULT_MAX_CONNECTIONS);
    }

    public StorageConfig withSampleRetention(Duration retention) {
        return new StorageConfig(jdbcUrl, user, password, retention, maxConnections);
    }

    public StorageConfig withMaxConnections(int connections) {
        return new StorageConfig(jdbcUrl, user, password, sampleRetention, connections);
    }

    /** The JDBC URL with any password in it replaced by {@code ***}, for logs and messages. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    /** Any {@code password=...} in a URL or message replaced by {@code password=***}. */
    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }

    @Override
    public String toString() {
        return "StorageConfig[jdbcUrl=" + redactedUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", sampleRetention=" + sampleRetention + ", maxConnections=" + maxConnections + "]";
    }
}
