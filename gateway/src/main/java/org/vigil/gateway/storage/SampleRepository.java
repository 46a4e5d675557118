package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Full-resolution readings, kept for the retention period. They are stored in
 * {@link SampleBlock}s (table {@code sample_blocks}): one row for the readings of one vital of one
 * bed from one device within one minute that one write brings, so that the rows written per
 * second follow the beds, not the readings, when the ward is busy.
 */
public final class SampleRepository {

    private static final String COLUMNS = "bed_id, vital, device_id, minute_start, samples";

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
        Map<BlockKey, List<Sample>> blocks = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<Reading>> bed : readingsByBed.entrySet()) {
            for (Reading reading : bed.getValue()) {
                Instant time = SampleBlock.truncated(reading.effectiveTime());
                BlockKey key = new BlockKey(bed.getKey(), reading.vital(), reading.deviceId(), SampleBlock.minuteOf(time));
                blocks.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Sample(time, bed.getKey(), reading.deviceId(), reading.vital(), reading.value(), reading.quality()));
            }
        }
        if (blocks.isEmpty()) return;
        database.inTransaction("write samples", connection -> {
            insert(connection, blocks);
            return null;
        });
    }

    /** Samples of one vital of one bed with {@code from <= time < to}, oldest first (in writing order at equal times). */
    public List<Sample> samples(String bedId, VitalSign vital, Instant from, Instant to) {
        return database.inTransaction("read samples", connection -> samples(connection, bedId, vital, from, to));
    }

    /** Whether a sample of the vital of the bed is stored at exactly {@code time}, read in the caller's transaction. */
    static boolean contains(Connection connection, String bedId, VitalSign vital, Instant time) throws SQLException {
        Instant at = SampleBlock.truncated(time);
        return !samples(connection, bedId, vital, at, at.plusNanos(1_000)).isEmpty();
    }

    /**
     * Deletes samples older than {@code cutoff}; returns how many. Blocks of earlier minutes go
     * whole; the blocks of the cutoff's own minute are rewritten with the samples they keep.
     */
    public int deleteBefore(Instant cutoff) {
        Instant minute = SampleBlock.minuteOf(cutoff);
        return database.inTransaction("delete old samples", connection -> {
            int deleted = 0;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COALESCE(SUM(sample_count), 0) FROM sample_blocks WHERE minute_start < ?");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM sample_blocks WHERE minute_start < ?")) {
                count.setObject(1, utc(minute));
                deleted += Sql.first(count, row -> row.getInt(1)).orElse(0);
                delete.setObject(1, utc(minute));
                delete.executeUpdate();
            }
            return minute.equals(cutoff) ? deleted : deleted + deleteWithin(connection, minute, cutoff);
        });
    }

    /** Rewrites the blocks of {@code minute} without their samples before {@code cutoff}; returns how many went. */
    private static int deleteWithin(Connection connection, Instant minute, Instant cutoff) throws SQLException {
        int deleted = 0;
        Map<BlockKey, List<Sample>> kept = new LinkedHashMap<>();
        List<Long> rewritten = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, " + COLUMNS + " FROM sample_blocks WHERE minute_start = ? ORDER BY id")) {
            query.setObject(1, utc(minute));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    List<Sample> block = block(rows, 2);
                    List<Sample> keep = block.stream().filter(sample -> !sample.time().isBefore(cutoff)).toList();
                    if (keep.size() == block.size()) continue;
                    deleted += block.size() - keep.size();
                    rewritten.add(rows.getLong(1));
                    Sample first = block.get(0);
                    if (!keep.isEmpty()) {
                        kept.computeIfAbsent(new BlockKey(first.bedId(), first.vital(), first.deviceId(), minute),
                                key -> new ArrayList<>()).addAll(keep);
                    }
                }
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sample_blocks WHERE id = ?")) {
            for (long id : rewritten) {
                delete.setLong(1, id);
                delete.addBatch();
            }
            if (!rewritten.isEmpty()) delete.executeBatch();
        }
        insert(connection, kept);
        return deleted;
    }

    private static void insert(Connection connection, Map<BlockKey, List<Sample>> blocks) throws SQLException {
        if (blocks.isEmpty()) return;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sample_blocks (" + COLUMNS + ", sample_count) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<BlockKey, List<Sample>> block : blocks.entrySet()) {
                BlockKey key = block.getKey();
                insert.setString(1, key.bedId());
                insert.setString(2, key.vital().name());
                insert.setString(3, key.deviceId());
                insert.setObject(4, utc(key.minute()));
                insert.setBytes(5, SampleBlock.encode(key.minute(), block.getValue()));
                insert.setInt(6, block.getValue().size());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<Sample> samples(Connection connection, String bedId, VitalSign vital, Instant from, Instant to)
            throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM sample_blocks"
                + " WHERE bed_id = ? AND vital = ? AND minute_start >= ? AND minute_start < ? ORDER BY minute_start, id")) {
            query.setString(1, bedId);
            query.setString(2, vital.name());
            query.setObject(3, utc(SampleBlock.minuteOf(from)));
            query.setObject(4, utc(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    for (Sample sample : block(rows, 1)) {
                        if (!sample.time().isBefore(from) && sample.time().isBefore(to)) samples.add(sample);
                    }
                }
            }
        }
        // a stable sort: samples at the same time stay in the order they were written
        samples.sort(Comparator.comparing(Sample::time));
        return samples;
    }

    private static List<Sample> block(ResultSet row, int first) throws SQLException {
        return SampleBlock.decode(row.getString(first), VitalSign.valueOf(row.getString(first + 1)), row.getString(first + 2),
                Sql.instant(row, first + 3), row.getBytes(first + 4));
    }

    private record BlockKey(String bedId, VitalSign vital, String deviceId, Instant minute) {
    }
}
