package org.vigil.gateway.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database a storage test runs on: an H2 file in the test's temporary directory, or, when
 * {@code VIGIL_TEST_POSTGRES_URL} (system property or environment variable) gives a JDBC URL,
 * a fresh schema in that PostgreSQL database, dropped afterwards. The user and password come from
 * {@code VIGIL_TEST_POSTGRES_USER} and {@code VIGIL_TEST_POSTGRES_PASSWORD}, or the URL.
 */
public final class TestDatabase implements AutoCloseable {

    private final StorageConfig config;
    private final String schema;

    private TestDatabase(StorageConfig config, String schema) {
        this.config = config;
        this.schema = schema;
    }

    public static TestDatabase in(Path directory) {
        String postgres = setting("VIGIL_TEST_POSTGRES_URL");
        if (postgres == null || postgres.isBlank()) return new TestDatabase(StorageConfig.h2(directory), null);
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
        return new TestDatabase(StorageConfig.jdbc(url, user, password), schema);
    }

    public static boolean isPostgres() {
        String postgres = setting("VIGIL_TEST_POSTGRES_URL");
        return postgres != null && !postgres.isBlank();
    }

    public StorageConfig config() {
        return config;
    }

    /** A plain connection to the same database, for tests that break it on purpose. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) return;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
