package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The store-and-forward queue to the external FHIR server (table {@code export_outbox}). Resources
 * are queued in the transaction that stores them, and sent in the order they were queued. With
 * export off nothing is queued: a queue that no one sends would only grow, a second copy of every
 * resource kept for ever.
 */
public final class OutboxRepository {

    /** export_outbox.last_error is VARCHAR(8000). */
    private static final int MAX_ERROR_LENGTH = 8000;
    private static final String COLUMNS =
            "seq, resource_type, resource_id, resource_json, state, attempts, last_error, created_at, next_attempt_at";

    private final Database database;
    private final Clock clock;
    private final FencingToken fencing;
    private final boolean queueing;

    public OutboxRepository(Database database, Clock clock) {
        this(database, clock, FencingToken.NONE, true);
    }

    /**
     * @param fencing  the sender's lease epoch: attempts are recorded only while the lease still has it
     * @param queueing whether resources are queued, that is whether export is on
     */
    public OutboxRepository(Database database, Clock clock, FencingToken fencing, boolean queueing) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
        this.queueing = queueing;
    }

    /** A resource to queue for export. */
    record Item(String type, String id, String json) {
    }

    /** Queues a resource for export within the transaction of the repository that stores it. */
    void enqueue(Connection connection, String type, String id, String json) throws SQLException {
        enqueue(connection, List.of(new Item(type, id, json)));
    }

    /** Queues resources for export, in this order, within the transaction that stores them; one batch. */
    void enqueue(Connection connection, List<Item> items) throws SQLException {
        if (items.isEmpty() || !queueing) return;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO export_outbox (resource_type, resource_id, resource_json, state, attempts, created_at,"
                        + " next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?)")) {
            OffsetDateTime now = utc(clock.instant());
            for (Item item : items) {
                insert.setString(1, item.type());
                insert.setString(2, item.id());
                insert.setString(3, item.json());
                insert.setObject(4, now);
                insert.setObject(5, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The oldest pending entries, in the order they were queued. Entries that failed stay first in
     * line: the exporter's backoff decides when they are tried again, so that a Patient is never
     * overtaken by the Observations that refer to it.
     */
    public List<OutboxEntry> pending(int limit) {
        return entries(OutboxEntry.State.PENDING, limit);
    }

    public List<OutboxEntry> entries(OutboxEntry.State state, int limit) {
        return database.inTransaction("read export queue", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM export_outbox WHERE state = ? ORDER BY seq LIMIT ?")) {
                query.setString(1, state.name());
                query.setInt(2, limit);
                return Sql.list(query, OutboxRepository::entry);
            }
        });
    }

    public void markSent(Collection<Long> seqs) {
        update("mark export entries sent", seqs,
                "UPDATE export_outbox SET state = 'SENT', attempts = attempts + 1, last_error = NULL, sent_at = ? WHERE seq = ?",
                utc(clock.instant()));
    }

    /** Records a failed attempt that will be retried at {@code nextAttempt}. */
    public void recordFailure(Collection<Long> seqs, String error, Instant nextAttempt) {
        update("record export failure", seqs,
                "UPDATE export_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?",
                truncate(error), utc(nextAttempt));
    }

    /** Parks entries the server refused, with its answer; they are not retried by themselves. */
    public void park(Collection<Long> seqs, String error) {
        update("park export entries", seqs,
                "UPDATE export_outbox SET state = 'PARKED', attempts = attempts + 1, last_error = ? WHERE seq = ?",
                truncate(error));
    }

    /**
     * Puts every parked entry back in the queue, once the cause was fixed: pending again, no attempts
     * counted, due now. The server's last answer is kept. Returns how many.
     */
    public int requeueParked() {
        return database.inTransaction("requeue parked export entries", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE export_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ? WHERE state = 'PARKED'")) {
                update.setObject(1, utc(clock.instant()));
                return update.executeUpdate();
            }
        });
    }

    public OutboxBacklog backlog() {
        return database.inTransaction("read export backlog", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM export_outbox WHERE state = 'PENDING'),"
                            + " (SELECT COUNT(*) FROM export_outbox WHERE state = 'PARKED'),"
                            + " (SELECT MIN(created_at) FROM export_outbox WHERE state = 'PENDING')");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return new OutboxBacklog(rows.getLong(1), rows.getLong(2), Sql.instant(rows, 3));
            }
        });
    }

    /** Deletes entries sent before {@code cutoff}; returns how many. */
    public int deleteSentBefore(Instant cutoff) {
        return database.inTransaction("delete old sent export entries", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM export_outbox WHERE state = 'SENT' AND sent_at < ?")) {
                delete.setObject(1, utc(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    /** An update of one entry by its {@code seq}, the last parameter of {@code sql}, fenced by the lease epoch if there is one. */
    private void update(String what, Collection<Long> seqs, String sql, Object... leading) {
        if (seqs.isEmpty()) return;
        OptionalLong epoch = fencing.epoch();
        database.inTransaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    epoch.isPresent() ? sql + " AND " + LeaseRepository.STILL_HELD : sql)) {
                for (long seq : seqs) {
                    for (int i = 0; i < leading.length; i++) update.setObject(i + 1, leading[i]);
                    update.setLong(leading.length + 1, seq);
                    if (epoch.isPresent()) update.setLong(leading.length + 2, epoch.getAsLong());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    private static OutboxEntry entry(ResultSet row) throws SQLException {
        return new OutboxEntry(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                OutboxEntry.State.valueOf(row.getString(5)), row.getInt(6), row.getString(7),
                Sql.instant(row, 8), Sql.instant(row, 9));
    }

    private static String truncate(String text) {
        if (text == null) return null;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
