package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Who did what (table {@code audit_log}): limit changes, admissions, acknowledgements, requeued exports. */
public final class AuditRepository {

    private final Database database;

    public AuditRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public void record(AuditEntry entry) {
        database.inTransaction("write audit log", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (logged_at, user_name, action, bed_id, details) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, utc(entry.time()));
                insert.setString(2, entry.user());
                insert.setString(3, entry.action());
                insert.setString(4, entry.bedId());
                insert.setString(5, entry.details());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Entries since a time, oldest first. */
    public List<AuditEntry> since(Instant since, int limit) {
        return database.inTransaction("read audit log", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT logged_at, user_name, action, bed_id, details FROM audit_log WHERE logged_at >= ?"
                            + " ORDER BY logged_at, id LIMIT ?")) {
                query.setObject(1, utc(since));
                query.setInt(2, limit);
                return Sql.list(query, AuditRepository::entry);
            }
        });
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(Sql.instant(row, 1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
    }
}
