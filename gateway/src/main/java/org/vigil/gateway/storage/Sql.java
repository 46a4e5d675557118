package org.vigil.gateway.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC conversions shared by the repositories. Times are written in UTC (V1__vigil_schema.sql). */
final class Sql {

    private Sql() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else statement.setObject(index, utc(instant));
    }

    /** {@code null} and NaN are both stored as SQL NULL. */
    static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null || value.isNaN()) statement.setNull(index, Types.DOUBLE);
        else statement.setDouble(index, value);
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Double nullableDouble(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    static <T> List<T> list(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        List<T> records = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) records.add(mapper.map(rows));
        }
        return records;
    }

    static <T> Optional<T> first(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }
}
