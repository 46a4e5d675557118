package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Sign-in sessions (table {@code http_sessions}), kept across restarts by the hash of their token. */
public final class HttpSessionRepository {

    private final Database database;

    public HttpSessionRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public void save(StoredSession session) {
        database.inTransaction("save sign-in session", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO http_sessions (token_hash, user_name, started_at, last_used_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, session.tokenHash());
                insert.setString(2, session.user());
                insert.setObject(3, utc(session.started()));
                insert.setObject(4, utc(session.lastUsed()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    public void touch(String tokenHash, Instant lastUsed) {
        database.inTransaction("touch sign-in session", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE http_sessions SET last_used_at = ? WHERE token_hash = ?")) {
                update.setObject(1, utc(lastUsed));
                update.setString(2, tokenHash);
                update.executeUpdate();
            }
            return null;
        });
    }

    public void delete(String tokenHash) {
        database.inTransaction("delete sign-in session", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM http_sessions WHERE token_hash = ?")) {
                delete.setString(1, tokenHash);
                delete.executeUpdate();
            }
            return null;
        });
    }

    public List<StoredSession> all() {
        return database.inTransaction("read sign-in sessions", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT token_hash, user_name, started_at, last_used_at FROM http_sessions ORDER BY started_at")) {
                return Sql.list(query, HttpSessionRepository::session);
            }
        });
    }

    private static StoredSession session(ResultSet row) throws SQLException {
        return new StoredSession(row.getString(1), row.getString(2), Sql.instant(row, 3), Sql.instant(row, 4));
    }
}
