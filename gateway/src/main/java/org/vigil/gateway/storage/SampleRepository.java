package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.setDouble;
import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/** Full-resolution readings (table {@code samples}), kept for the retention period. */
public final class SampleRepository {

    private final Database database;

    public SampleRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Writes readings of one bed in one batch. */
    public void write(String bedId, Collection<Reading> readings) {
        write(Map.of(bedId, readings));
    }

    /** Writes the readings of many beds as one batch in one transaction. */
    public void write(Map<String, ? extends Collection<Reading>> readingsByBed) {
        if (readingsByBed.values().stream().allMatch(Collection::isEmpty)) return;
        database.inTransaction("write samples", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO samples (sample_time, bed_id, device_id, vital, sample_value, quality) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, ? extends Collection<Reading>> bed : readingsByBed.entrySet()) {
                    for (Reading reading : bed.getValue()) {
                        insert.setObject(1, utc(reading.effectiveTime()));
                        insert.setString(2, bed.getKey());
                        insert.setString(3, reading.deviceId());
                        insert.setString(4, reading.vital().name());
                        setDouble(insert, 5, reading.value());
                        insert.setInt(6, reading.quality().bits());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Samples of one vital of one bed with {@code from <= time < to}, oldest first. */
    public List<Sample> samples(String bedId, VitalSign vital, Instant from, Instant to) {
        return database.inTransaction("read samples", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT sample_time, bed_id, device_id, vital, sample_value, quality FROM samples"
                            + " WHERE bed_id = ? AND vital = ? AND sample_time >= ? AND sample_time < ? ORDER BY sample_time, id")) {
                query.setString(1, bedId);
                query.setString(2, vital.name());
                query.setObject(3, utc(from));
                query.setObject(4, utc(to));
                return Sql.list(query, SampleRepository::sample);
            }
        });
    }

    /** Deletes samples older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return database.inTransaction("delete old samples", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM samples WHERE sample_time < ?")) {
                delete.setObject(1, utc(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    private static Sample sample(ResultSet row) throws SQLException {
        Double value = Sql.nullableDouble(row, 5);
        return new Sample(Sql.instant(row, 1), row.getString(2), row.getString(3), VitalSign.valueOf(row.getString(4)),
                value == null ? Double.NaN : value, new Quality(row.getInt(6)));
    }
}
