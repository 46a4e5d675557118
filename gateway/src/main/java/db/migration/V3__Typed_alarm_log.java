package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The alarm log gets typed columns: {@code limit_value}, the limit the value crossed, instead of the
 * text "limit 90" in {@code limits}; and {@code raised_at}, instead of the epoch millisecond at the
 * end of the alarm id ({@code bed/rule/raisedMs}). Existing rows are converted, then {@code limits}
 * is dropped. In Java so that the old text is parsed the same way on H2 and PostgreSQL.
 */
public class V3__Typed_alarm_log extends BaseJavaMigration {

    private static final String LIMIT_PREFIX = "limit ";
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE alarm_log ADD COLUMN limit_value DOUBLE PRECISION");
            statement.execute("ALTER TABLE alarm_log ADD COLUMN raised_at TIMESTAMP WITH TIME ZONE");
        }
        convertRows(connection);
        try (Statement statement = connection.createStatement()) {
            // An id that does not end in a time: the alarm was raised when it was first logged.
            statement.execute("UPDATE alarm_log SET raised_at = (SELECT MIN(earlier.logged_at) FROM alarm_log earlier"
                    + " WHERE earlier.alarm_id = alarm_log.alarm_id) WHERE raised_at IS NULL");
            statement.execute("ALTER TABLE alarm_log ALTER COLUMN raised_at SET NOT NULL");
            statement.execute("ALTER TABLE alarm_log DROP COLUMN limits");
        }
    }

    private static void convertRows(Connection connection) throws Exception {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, alarm_id, limits FROM alarm_log");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE alarm_log SET limit_value = ?, raised_at = ? WHERE id = ?");
             ResultSet rows = select.executeQuery()) {
            int batched = 0;
            while (rows.next()) {
                Double limit = limit(rows.getString(3));
                Instant raisedAt = raisedAt(rows.getString(2));
                if (limit == null && raisedAt == null) continue;
                if (limit == null) update.setNull(1, Types.DOUBLE);
                else update.setDouble(1, limit);
                if (raisedAt == null) update.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
                else update.setObject(2, raisedAt.atOffset(ZoneOffset.UTC));
                update.setLong(3, rows.getLong(1));
                update.addBatch();
                if (++batched % BATCH == 0) update.executeBatch();
            }
            update.executeBatch();
        }
    }

    static Double limit(String text) {
        if (text == null || !text.startsWith(LIMIT_PREFIX)) return null;
        try {
            return Double.parseDouble(text.substring(LIMIT_PREFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant raisedAt(String alarmId) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(alarmId.substring(alarmId.lastIndexOf('/') + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
