package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's runs (table {@code gateway_runs}), so that the time it was not monitoring is known:
 * a run that never stopped cleanly ended at its last heartbeat, and the gap until the next run is
 * reported once.
 */
public final class GatewayRunRepository {

    private final Database database;

    public GatewayRunRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Starts a run; returns its id. */
    public long begin(Instant now) {
        return database.inTransaction("begin gateway run", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gateway_runs (started_at, last_seen_at, unclean) VALUES (?, ?, FALSE)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setObject(1, utc(now));
                insert.setObject(2, utc(now));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) throw new SQLException("no id for the new gateway run");
                    return keys.getLong(1);
                }
            }
        });
    }

    /** The run is still alive at {@code now}. */
    public void heartbeat(long run, Instant now) {
        database.inTransaction("record gateway heartbeat", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE gateway_runs SET last_seen_at = ? WHERE id = ? AND stopped_at IS NULL")) {
                update.setObject(1, utc(now));
                update.setLong(2, run);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The run stopped cleanly at {@code now}. */
    public void end(long run, Instant now) {
        database.inTransaction("end gateway run", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE gateway_runs SET last_seen_at = ?, stopped_at = ? WHERE id = ? AND stopped_at IS NULL")) {
                update.setObject(1, utc(now));
                update.setObject(2, utc(now));
                update.setLong(3, run);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Runs before {@code currentRun} that never stopped cleanly and were not yet accounted for, oldest first. */
    public List<GatewayRun> uncleanRunsBefore(long currentRun) {
        return database.inTransaction("read gateway runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, started_at, last_seen_at FROM gateway_runs WHERE stopped_at IS NULL AND id < ? ORDER BY id")) {
                query.setLong(1, currentRun);
                return Sql.list(query, GatewayRunRepository::run);
            }
        });
    }

    /** The gap after an unclean run was reported: it counts as stopped at its last heartbeat, marked unclean. */
    public void markAccounted(long run) {
        database.inTransaction("mark gateway run accounted", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE gateway_runs SET stopped_at = last_seen_at, unclean = TRUE WHERE id = ? AND stopped_at IS NULL")) {
                update.setLong(1, run);
                update.executeUpdate();
            }
            return null;
        });
    }

    private static GatewayRun run(ResultSet row) throws SQLException {
        return new GatewayRun(row.getLong(1), Sql.instant(row, 2), Sql.instant(row, 3));
    }
}
