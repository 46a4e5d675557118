package org.vigil.gateway.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The database a storage test runs on: an H2 file in a temporary directory, or a fresh schema in
 * the PostgreSQL database that {@code VIGIL_TEST_POSTGRES_URL} (system property or environment
 * variable) names, dropped afterwards. The user and password come from
 * {@code VIGIL_TEST_POSTGRES_USER} and {@code VIGIL_TEST_POSTGRES_PASSWORD}, or the URL.
 */
public final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_URL = "VIGIL_TEST_POSTGRES_URL";

    private final StorageConfig config;
    private final String schema;
    private final Path ownDirectory;
    private final List<Database> opened = new ArrayList<>();

    private TestDatabase(StorageConfig config, String schema, Path ownDirectory) {
        this.config = config;
        this.schema = schema;
        this.ownDirectory = ownDirectory;
    }

    /**
     * PostgreSQL when {@code VIGIL_TEST_POSTGRES_URL} is set, else H2 in {@code directory}; under
     * {@code CI=true} a missing PostgreSQL fails the test rather than quietly testing H2 alone.
     */
    public static TestDatabase in(Path directory) {
        if (!isPostgres() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + POSTGRES_URL + " is not set: .ci/run starts PostgreSQL for these tests");
        }
        return isPostgres() ? postgres() : new TestDatabase(StorageConfig.h2(directory), null, null);
    }

    /**
     * PostgreSQL only, for what H2 does not have (the lease of an active/standby pair): without
     * {@code VIGIL_TEST_POSTGRES_URL} the test is skipped, or fails under {@code CI=true}.
     */
    public static TestDatabase postgresOnly() {
        if (!isPostgres() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + POSTGRES_URL + " is not set: .ci/run starts PostgreSQL for these tests");
        }
        Assumptions.assumeTrue(isPostgres(), POSTGRES_URL + " names no PostgreSQL");
        return postgres();
    }

    /** H2 in a temporary directory of its own, deleted on {@link #close()}. */
    static TestDatabase h2() {
        try {
            Path directory = Files.createTempDirectory("vigil-test-h2");
            return new TestDatabase(StorageConfig.h2(directory), null, directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the test database", e);
        }
    }

    static TestDatabase postgres() {
        String postgres = setting(POSTGRES_URL);
        String user = setting("VIGIL_TEST_POSTGRES_USER");
        String password = setting("VIGIL_TEST_POSTGRES_PASSWORD");
        String schema = "vigil_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(postgres, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema in " + postgres, e);
        }
        String url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(StorageConfig.jdbc(url, user, password), schema, null);
    }

    public static boolean isPostgres() {
        String postgres = setting(POSTGRES_URL);
        return postgres != null && !postgres.isBlank();
    }

    public StorageConfig config() {
        return config;
    }

    /** Opens the gateway's {@link Database} on it; {@link #close()} closes it if the test did not. */
    public Database open() {
        Database database = Database.open(config, Clock.systemUTC());
        opened.add(database);
        return database;
    }

    /** A plain connection to the same database, for tests that break it on purpose. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    /**
     * Closes every connection to the database, as a database restart does: H2 shuts the database
     * down (the next connection opens it again), PostgreSQL terminates every other session on it.
     */
    void dropEveryConnection() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            if (schema == null) {
                statement.execute("SHUTDOWN");
            } else {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
        }
    }

    @Override
    public void close() throws Exception {
        opened.forEach(Database::close);
        if (schema != null) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        if (ownDirectory != null) {
            try (Stream<Path> files = Files.walk(ownDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
            }
        }
    }

    @Override
    public String toString() {
        return schema == null ? "H2" : "PostgreSQL";
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
