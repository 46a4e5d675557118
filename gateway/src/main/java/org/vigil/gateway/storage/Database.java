package org.vigil.gateway.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a HikariCP pool over H2 or PostgreSQL, its schema brought up to date by
 * Flyway ({@code db/migration}), and the one place where a transaction runs. Every transaction
 * either commits or throws {@link StorageException} and is counted in {@link #health()}; nothing
 * is lost silently. The repositories of this package are its only users.
 *
 * <p>Thread-safe. Calls block on the database: call them from a worker, never from a Netty event
 * loop or the reading-to-alarm path.
 */
public final class Database implements AutoCloseable {

    /** A database that is gone fails an operation within this, so that the technical alarm comes quickly. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** One unit of work on a connection; {@link #inTransaction} commits or rolls it back. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final StorageConfig config;
    private final Clock clock;
    private final HikariDataSource pool;
    private volatile StorageHealth health = new StorageHealth(0, 0, null, null);
    private volatile boolean closed;

    private Database(StorageConfig config, Clock clock, HikariDataSource pool) {
        this.config = config;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Opens the pool and migrates the schema. A database that cannot be reached now fails here; one
     * that goes away later fails operations until it is back, and the pool reconnects by itself.
     */
    public static Database open(StorageConfig config, Clock clock) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(config));
        } catch (RuntimeException e) {
            throw new StorageException("cannot open database at " + config.redactedUrl() + ": " + describe(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageException("cannot migrate database at " + config.redactedUrl() + ": " + describe(e), e);
        }
        LOG.info("Database open at {}", config.redactedUrl());
        return new Database(config, clock, pool);
    }

    private static HikariConfig poolConfig(StorageConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("vigil-db");
        pool.setJdbcUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) pool.setUsername(config.user());
        if (!config.password().isEmpty()) pool.setPassword(config.password());
        pool.setAutoCommit(false);
        pool.setMaximumPoolSize(config.maxConnections());
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        // Only the first connection must succeed at once; later, connections are made again whenever needed.
        pool.setInitializationFailTimeout(1);
        // PgJDBC sends a JDBC batch of inserts as multi-row INSERTs (pgjdbc "reWriteBatchedInserts").
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        return pool;
    }

    public StorageHealth health() {
        return health;
    }

    public StorageConfig config() {
        return config;
    }

    /**
     * Runs {@code work} in one transaction and commits it. On failure rolls back, discards the
     * connection (it may be broken: the pool makes a new one), records the failure in
     * {@link #health()} and throws {@link StorageException} "cannot {@code what}: ...".
     */
    <T> T inTransaction(String what, Work<T> work) {
        Connection connection = null;
        try {
            if (closed) throw new SQLException("storage is closed");
            connection = pool.getConnection();
            T result = work.run(connection);
            connection.commit();
            if (health.consecutiveFailures() > 0) recordSuccess();
            return result;
        } catch (SQLException | RuntimeException e) {
            if (connection != null) discard(connection, e);
            connection = null;
            String message = "cannot " + what + ": " + describe(e);
            recordFailure(message);
            LOG.error("Storage failure: {}", message);
            throw new StorageException(message, e);
        } finally {
            if (connection != null) giveBack(connection);
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private void discard(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
        pool.evictConnection(connection);
        try {
            connection.close();
        } catch (SQLException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    private static void giveBack(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Returning a database connection failed: {}", e.getMessage());
        }
    }

    private synchronized void recordSuccess() {
        health = new StorageHealth(0, health.totalFailures(), health.lastFailureAt(), health.lastFailure());
    }

    private synchronized void recordFailure(String message) {
        health = new StorageHealth(health.consecutiveFailures() + 1, health.totalFailures() + 1, clock.instant(), message);
    }

    /** The message, with the cause's when it adds to it (the pool's timeout hides why it could not connect). */
    private static String describe(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return StorageConfig.redact(message);
    }
}
