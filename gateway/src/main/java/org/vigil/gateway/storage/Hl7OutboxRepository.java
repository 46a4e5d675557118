package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The durable queue of HL7 v2 messages (table {@code hl7_outbox}, V6__hl7_outbox.sql), beside the
 * FHIR export outbox in the same database. Each destination takes its pending messages in the
 * order they were queued.
 */
public final class Hl7OutboxRepository {

    /** A message to queue for one destination. */
    public record NewMessage(String destination, String bedId, String messageType, String controlId, String message) {
        public NewMessage {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(bedId, "bedId");
            Objects.requireNonNull(messageType, "messageType");
            Objects.requireNonNull(controlId, "controlId");
            Objects.requireNonNull(message, "message");
        }
    }

    /** hl7_outbox.last_error is VARCHAR(8000). */
    private static final int MAX_ERROR_LENGTH = 8000;
    private static final String COLUMNS =
            "seq, destination, bed_id, message_type, control_id, message, state, attempts, last_error, created_at, sent_at";

    private final Database database;
    private final Clock clock;
    private final FencingToken fencing;

    public Hl7OutboxRepository(Database database, Clock clock) {
        this(database, clock, FencingToken.NONE);
    }

    /** @param fencing the sender's lease epoch: attempts are recorded only while the lease still has it */
    public Hl7OutboxRepository(Database database, Clock clock, FencingToken fencing) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
    }

    /** Queues messages in one transaction, in the order given: either all are queued or none. */
    public void enqueue(List<NewMessage> messages) {
        if (messages.isEmpty()) return;
        database.inTransaction("queue HL7 messages", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO hl7_outbox (destination, bed_id, message_type, control_id, message, state, attempts,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
                for (NewMessage message : messages) {
                    insert.setString(1, message.destination());
                    insert.setString(2, message.bedId());
                    insert.setString(3, message.messageType());
                    insert.setString(4, message.controlId());
                    insert.setString(5, message.message());
                    insert.setObject(6, utc(clock.instant()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The oldest pending message of a destination: the next one to send. */
    public Optional<Hl7OutboxEntry> next(String destination) {
        List<Hl7OutboxEntry> first = entries(destination, Hl7OutboxEntry.State.PENDING, 1);
        return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0));
    }

    public List<Hl7OutboxEntry> entries(String destination, Hl7OutboxEntry.State state, int limit) {
        return database.inTransaction("read HL7 queue", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM hl7_outbox WHERE destination = ? AND state = ? ORDER BY seq LIMIT ?")) {
                query.setString(1, destination);
                query.setString(2, state.name());
                query.setInt(3, limit);
                return Sql.list(query, Hl7OutboxRepository::entry);
            }
        });
    }

    /** The receiver accepted the message (MSA-1 AA). */
    public void markSent(long seq) {
        update("mark HL7 message sent",
                "UPDATE hl7_outbox SET state = 'SENT', attempts = attempts + 1, last_error = NULL, sent_at = ? WHERE seq = ?",
                utc(clock.instant()), seq);
    }

    /** The message could not be delivered (no connection, no ACK); it stays first in line. */
    public void recordFailure(long seq, String error) {
        update("record HL7 delivery failure",
                "UPDATE hl7_outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?", truncate(error), seq);
    }

    /** The receiver answered AE or AR: kept with its error text, not sent again by itself. */
    public void park(long seq, String error) {
        update("park HL7 message",
                "UPDATE hl7_outbox SET state = 'PARKED', attempts = attempts + 1, last_error = ? WHERE seq = ?",
                truncate(error), seq);
    }

    /**
     * Puts the parked messages of a destination (or of all, when {@code destination} is {@code null})
     * back in the queue, once the cause was fixed; the receiver's last answer is kept. Returns how many.
     */
    public int requeueParked(String destination) {
        return database.inTransaction("requeue parked HL7 messages", connection -> {
            String sql = "UPDATE hl7_outbox SET state = 'PENDING', attempts = 0 WHERE state = 'PARKED'"
                    + (destination == null ? "" : " AND destination = ?");
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                if (destination != null) update.setString(1, destination);
                return update.executeUpdate();
            }
        });
    }

    /** Pending and parked counts of a destination, and the time its oldest pending message was queued. */
    public OutboxBacklog backlog(String destination) {
        return database.inTransaction("read HL7 backlog", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM hl7_outbox WHERE destination = ? AND state = 'PENDING'),"
                            + " (SELECT COUNT(*) FROM hl7_outbox WHERE destination = ? AND state = 'PARKED'),"
                            + " (SELECT MIN(created_at) FROM hl7_outbox WHERE destination = ? AND state = 'PENDING')")) {
                query.setString(1, destination);
                query.setString(2, destination);
                query.setString(3, destination);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return new OutboxBacklog(rows.getLong(1), rows.getLong(2), Sql.instant(rows, 3));
                }
            }
        });
    }

    /** Deletes messages acknowledged before {@code cutoff}; returns how many. */
    public int deleteSentBefore(Instant cutoff) {
        return database.inTransaction("delete old sent HL7 messages", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM hl7_outbox WHERE state = 'SENT' AND sent_at < ?")) {
                delete.setObject(1, utc(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    /** An update of one entry by its {@code seq}, fenced by the lease epoch if there is one. */
    private void update(String what, String sql, Object first, long seq) {
        OptionalLong epoch = fencing.epoch();
        database.inTransaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    epoch.isPresent() ? sql + " AND " + LeaseRepository.STILL_HELD : sql)) {
                update.setObject(1, first);
                update.setLong(2, seq);
                if (epoch.isPresent()) update.setLong(3, epoch.getAsLong());
                update.executeUpdate();
            }
            return null;
        });
    }

    private static Hl7OutboxEntry entry(ResultSet row) throws SQLException {
        return new Hl7OutboxEntry(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), Hl7OutboxEntry.State.valueOf(row.getString(7)), row.getInt(8),
                row.getString(9), Sql.instant(row, 10), Sql.instant(row, 11));
    }

    private static String truncate(String text) {
        if (text == null) return null;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
