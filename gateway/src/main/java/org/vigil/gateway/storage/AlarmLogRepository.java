package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;

/** Every alarm state change (table {@code alarm_log}); it must survive restarts. */
public final class AlarmLogRepository {

    private static final String COLUMNS = "logged_at, alarm_id, bed_id, rule, priority, category, state, alarm_value,"
            + " limit_value, raised_at, acted_by, message, transition, escalated";
    /** At most this many alarms are restored at start-up. */
    private static final int MAX_UNENDED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AlarmLogRepository.class);
    private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final Database database;
    private final FencingToken fencing;

    public AlarmLogRepository(Database database) {
        this(database, FencingToken.NONE);
    }

    /** @param fencing the lease epoch of the gateway that logs: an entry lands only while the lease still has it */
    public AlarmLogRepository(Database database, FencingToken fencing) {
        this.database = Objects.requireNonNull(database, "database");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
    }

    /**
     * Logs one change. A gateway of a pair that no longer holds the lease logs nothing: its alarms are
     * not in force anywhere, the new active's are.
     */
    public void log(AlarmLogEntry entry) {
        OptionalLong epoch = fencing.epoch();
        database.inTransaction("log alarm", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(epoch.isEmpty()
                    ? "INSERT INTO alarm_log (" + COLUMNS + ") VALUES (" + VALUES + ")"
                    : "INSERT INTO alarm_log (" + COLUMNS + ") SELECT " + VALUES + " WHERE " + LeaseRepository.STILL_HELD)) {
                insert.setObject(1, utc(entry.time()));
                insert.setString(2, entry.alarmId());
                insert.setString(3, entry.bedId());
                insert.setString(4, entry.rule());
                insert.setString(5, entry.priority().name());
                insert.setString(6, entry.category().name());
                insert.setString(7, entry.state().name());
                Sql.setDouble(insert, 8, entry.value());
                Sql.setDouble(insert, 9, entry.limit());
                insert.setObject(10, utc(entry.raisedAt()));
                insert.setString(11, entry.user());
                insert.setString(12, entry.message());
                insert.setString(13, entry.transition() == null ? null : entry.transition().name());
                insert.setBoolean(14, entry.escalated());
                if (epoch.isPresent()) insert.setLong(15, epoch.getAsLong());
                if (insert.executeUpdate() == 0) {
                    LOG.warn("Alarm change {} of {} not logged: this gateway no longer holds the lease", entry.transition(),
                            entry.alarmId());
                }
            }
            return null;
        });
    }

    /** The latest entry of every alarm whose latest entry is not ENDED: what was open at shutdown. */
    public List<AlarmLogEntry> unended() {
        return database.inTransaction("read alarm log", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm_log"
                    + " WHERE id IN (SELECT MAX(id) FROM alarm_log GROUP BY alarm_id) AND state <> ? ORDER BY id LIMIT ?")) {
                query.setString(1, AlarmState.ENDED.name());
                query.setInt(2, MAX_UNENDED);
                return Sql.list(query, AlarmLogRepository::entry);
            }
        });
    }

    /** Entries of a bed since a time, oldest first. */
    public List<AlarmLogEntry> forBed(String bedId, Instant since, int limit) {
        return database.inTransaction("read alarm log", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm_log"
                    + " WHERE bed_id = ? AND logged_at >= ? ORDER BY logged_at, id LIMIT ?")) {
                query.setString(1, bedId);
                query.setObject(2, utc(since));
                query.setInt(3, limit);
                return Sql.list(query, AlarmLogRepository::entry);
            }
        });
    }

    private static AlarmLogEntry entry(ResultSet row) throws SQLException {
        String transition = row.getString(13);
        return new AlarmLogEntry(Sql.instant(row, 1), row.getString(2), row.getString(3), row.getString(4),
                Priority.valueOf(row.getString(5)), Category.valueOf(row.getString(6)),
                AlarmState.valueOf(row.getString(7)), Sql.nullableDouble(row, 8), Sql.nullableDouble(row, 9),
                Sql.instant(row, 10), row.getString(11), row.getString(12),
                transition == null ? null : AlarmChange.Transition.valueOf(transition), row.getBoolean(14));
    }
}
