package org.vigil.gateway.storage;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's durable store over JDBC: samples, FHIR resources, the export outbox, the alarm
 * log and the audit log. Every method either completes or throws {@link StorageException} and
 * records the failure in {@link #health()}; nothing is lost silently. Storing a FHIR resource
 * queues it for export in the same transaction.
 *
 * <p>Thread-safe. Calls block on the database: call them from a worker, never from a Netty event
 * loop or the reading-to-alarm path.
 */
public final class Storage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final StorageConfig config;
    private final FhirContext fhirContext;
    private final Clock clock;
    private final BlockingQueue<Connection> idle;
    private volatile StorageHealth health = new StorageHealth(0, 0, null, null);
    private volatile boolean closed;

    private Storage(StorageConfig config, FhirContext fhirContext, Clock clock) {
        this.config = config;
        this.fhirContext = fhirContext;
        this.clock = clock;
        this.idle = new ArrayBlockingQueue<>(config.maxIdleConnections());
    }

    /** Opens the database and brings its schema up to date (Flyway, {@code db/migration}). */
    public static Storage open(StorageConfig config, FhirContext fhirContext, Clock clock) {
        Storage storage = new Storage(config, fhirContext, clock);
        try {
            Flyway.configure()
                    .dataSource(config.jdbcUrl(), config.user(), config.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate database at " + redact(config.jdbcUrl()) + ": " + e.getMessage(), e);
        }
        LOG.info("Storage open at {}", redact(config.jdbcUrl()));
        return storage;
    }

    public StorageHealth health() {
        return health;
    }

    public StorageConfig config() {
        return config;
    }

    /** Writes full-resolution readings of one bed in one batch. */
    public void writeSamples(String bedId, Collection<Reading> readings) {
        if (readings.isEmpty()) return;
        inTransaction("write samples", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO samples (sample_time, bed_id, device_id, vital, sample_value, quality) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Reading reading : readings) {
                    insert.setObject(1, utc(reading.effectiveTime()));
                    insert.setString(2, bedId);
                    insert.setString(3, reading.deviceId());
                    insert.setString(4, reading.vital().name());
                    if (Double.isNaN(reading.value())) insert.setNull(5, Types.DOUBLE);
                    else insert.setDouble(5, reading.value());
                    insert.setInt(6, reading.quality().bits());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Samples of one vital of one bed with {@code from <= time < to}, oldest first. */
    public List<Sample> samples(String bedId, VitalSign vital, Instant from, Instant to) {
        return inTransaction("read samples", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT sample_time, bed_id, device_id, vital, sample_value, quality FROM samples"
                            + " WHERE bed_id = ? AND vital = ? AND sample_time >= ? AND sample_time < ? ORDER BY sample_time, id")) {
                query.setString(1, bedId);
                query.setString(2, vital.name());
                query.setObject(3, utc(from));
                query.setObject(4, utc(to));
                List<Sample> samples = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        double value = rows.getDouble(5);
                        if (rows.wasNull()) value = Double.NaN;
                        samples.add(new Sample(instant(rows, 1), rows.getString(2), rows.getString(3),
                                VitalSign.valueOf(rows.getString(4)), value, new Quality(rows.getInt(6))));
                    }
                }
                return samples;
            }
        });
    }

    /** Deletes samples older than {@code cutoff}; returns how many. */
    public int deleteSamplesBefore(Instant cutoff) {
        return inTransaction("delete old samples", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM samples WHERE sample_time < ?")) {
                delete.setObject(1, utc(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Applies the configured retention: deletes samples, and export entries already sent, older
     * than {@link StorageConfig#sampleRetention()}. Returns the number of samples deleted.
     */
    public int applyRetention() {
        Instant cutoff = clock.instant().minus(config.sampleRetention());
        int samples = deleteSamplesBefore(cutoff);
        inTransaction("delete old sent export entries", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM export_outbox WHERE state = 'SENT' AND sent_at < ?")) {
                delete.setObject(1, utc(cutoff));
                return delete.executeUpdate();
            }
        });
        LOG.info("Retention applied: {} samples older than {} deleted", samples, cutoff);
        return samples;
    }

    /**
     * Stores an Observation made by the gateway and queues it for export. An Observation whose
     * identifier is already stored is not stored again.
     *
     * @return {@code true} if stored, {@code false} if it was already there
     */
    public boolean saveObservation(Observation observation) {
        Identifier identifier = observation.getIdentifierFirstRep();
        String id = observation.getIdElement().getIdPart();
        String json = encode(observation);
        return inTransaction("save observation", connection -> {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM observations WHERE identifier_system = ? AND identifier_value = ?")) {
                exists.setString(1, identifier.getSystem());
                exists.setString(2, identifier.getValue());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) return false;
                }
            }
            Coding primary = observation.getCode().getCodingFirstRep();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO observations (id, identifier_system, identifier_value, subject, code_system, code,"
                            + " effective_time, resource_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, identifier.getSystem());
                insert.setString(3, identifier.getValue());
                insert.setString(4, observation.getSubject().getReference());
                insert.setString(5, primary.getSystem());
                insert.setString(6, primary.getCode());
                insert.setObject(7, utc(observation.getEffectiveDateTimeType().getValue().toInstant()));
                insert.setString(8, json);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO observation_codes (observation_id, code_system, code) VALUES (?, ?, ?)")) {
                for (Coding coding : codings(observation)) {
                    insert.setString(1, id);
                    insert.setString(2, coding.getSystem());
                    insert.setString(3, coding.getCode());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            enqueue(connection, "Observation", id, json);
            return true;
        });
    }

    public Optional<String> observation(String id) {
        return resourceJson("observations", id);
    }

    /** Observations matching the query, oldest effective time first, as JSON. */
    public Page<String> searchObservations(ObservationQuery query) {
        StringBuilder sql = new StringBuilder("SELECT o.resource_json FROM observations o WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.subject() != null) {
            sql.append(" AND o.subject = ?");
            parameters.add(query.subject());
        }
        if (query.code() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM observation_codes c WHERE c.observation_id = o.id AND c.code = ?");
            parameters.add(query.code());
            if (query.codeSystem() != null) {
                sql.append(" AND c.code_system = ?");
                parameters.add(query.codeSystem());
            }
            sql.append(')');
        }
        if (query.notBefore() != null) {
            sql.append(" AND o.effective_time >= ?");
            parameters.add(utc(query.notBefore()));
        }
        if (query.notAfter() != null) {
            sql.append(" AND o.effective_time <= ?");
            parameters.add(utc(query.notAfter()));
        }
        sql.append(" ORDER BY o.effective_time, o.id LIMIT ? OFFSET ?");
        parameters.add(query.count() + 1);
        parameters.add(query.offset());
        return inTransaction("search observations", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) statement.setObject(i + 1, parameters.get(i));
                List<String> items = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) items.add(rows.getString(1));
                }
                boolean hasMore = items.size() > query.count();
                return new Page<>(hasMore ? items.subList(0, query.count()) : items, hasMore);
            }
        });
    }

    /**
     * Stores a Device resource, replacing the previous version, and queues it for export when it
     * changed.
     *
     * @return {@code true} if it was new or changed
     */
    public boolean saveDevice(String deviceId, Device device) {
        String id = device.getIdElement().getIdPart();
        String json = encode(device);
        return inTransaction("save device", connection -> {
            Optional<String> existing = selectJson(connection, "devices", id);
            if (existing.isPresent() && existing.get().equals(json)) return false;
            if (existing.isPresent()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE devices SET resource_json = ?, updated_at = ? WHERE id = ?")) {
                    update.setString(1, json);
                    update.setObject(2, utc(clock.instant()));
                    update.setString(3, id);
                    update.executeUpdate();
                }
            } else {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO devices (id, device_id, resource_json, updated_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, deviceId);
                    insert.setString(3, json);
                    insert.setObject(4, utc(clock.instant()));
                    insert.executeUpdate();
                }
            }
            replaceIdentifiers(connection, "Device", id, device.getIdentifier());
            enqueue(connection, "Device", id, json);
            return true;
        });
    }

    public Optional<String> device(String id) {
        return resourceJson("devices", id);
    }

    /** Devices with an identifier of that value (and system, unless {@code null}), as JSON. */
    public List<String> findDevices(String system, String value) {
        return findByIdentifier("Device", "devices", system, value);
    }

    /**
     * Starts an occupancy of a bed with its placeholder Patient, ending any open occupancy of
     * that bed, and queues the Patient for export.
     */
    public Occupancy startOccupancy(String bedId, Patient placeholder, Instant at) {
        String id = placeholder.getIdElement().getIdPart();
        String json = encode(placeholder);
        return inTransaction("start occupancy", connection -> {
            try (PreparedStatement end = connection.prepareStatement(
                    "UPDATE occupancies SET ended_at = ? WHERE bed_id = ? AND ended_at IS NULL")) {
                end.setObject(1, utc(at));
                end.setString(2, bedId);
                end.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO occupancies (id, bed_id, started_at) VALUES (?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, bedId);
                insert.setObject(3, utc(at));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO patients (id, resource_json, updated_at) VALUES (?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, json);
                insert.setObject(3, utc(at));
                insert.executeUpdate();
            }
            replaceIdentifiers(connection, "Patient", id, placeholder.getIdentifier());
            enqueue(connection, "Patient", id, json);
            return new Occupancy(id, bedId, at, null, null);
        });
    }

    /**
     * Records who the patient of an occupancy is: replaces its Patient resource (same id) and
     * queues it for export.
     */
    public void admit(String occupancyId, Patient admitted, Instant at) {
        String json = encode(admitted);
        inTransaction("admit patient", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE occupancies SET admitted_at = ? WHERE id = ?")) {
                update.setObject(1, utc(at));
                update.setString(2, occupancyId);
                if (update.executeUpdate() != 1) throw new SQLException("no occupancy " + occupancyId);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE patients SET resource_json = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, json);
                update.setObject(2, utc(at));
                update.setString(3, occupancyId);
                update.executeUpdate();
            }
            replaceIdentifiers(connection, "Patient", occupancyId, admitted.getIdentifier());
            enqueue(connection, "Patient", occupancyId, json);
            return null;
        });
    }

    public void endOccupancy(String occupancyId, Instant at) {
        inTransaction("end occupancy", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE occupancies SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
                update.setObject(1, utc(at));
                update.setString(2, occupancyId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The open occupancy of a bed, if any. */
    public Optional<Occupancy> currentOccupancy(String bedId) {
        return inTransaction("read occupancy", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, bed_id, started_at, ended_at, admitted_at FROM occupancies"
                            + " WHERE bed_id = ? AND ended_at IS NULL ORDER BY started_at DESC")) {
                query.setString(1, bedId);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) return Optional.empty();
                    return Optional.of(new Occupancy(rows.getString(1), rows.getString(2), instant(rows, 3),
                            instant(rows, 4), instant(rows, 5)));
                }
            }
        });
    }

    public Optional<String> patient(String id) {
        return resourceJson("patients", id);
    }

    /** Patients with an identifier of that value (and system, unless {@code null}), as JSON. */
    public List<String> findPatients(String system, String value) {
        return findByIdentifier("Patient", "patients", system, value);
    }

    /** The oldest pending entries, in the order they were queued. */
    public List<OutboxEntry> pendingExports(int limit) {
        return outbox("state = 'PENDING'", limit);
    }

    public List<OutboxEntry> outboxEntries(OutboxEntry.State state, int limit) {
        return outbox("state = '" + state.name() + "'", limit);
    }

    public void markSent(Collection<Long> seqs) {
        updateOutbox("mark export entries sent", seqs,
                "UPDATE export_outbox SET state = 'SENT', attempts = attempts + 1, last_error = NULL, sent_at = ? WHERE seq = ?",
                utc(clock.instant()));
    }

    /** Records a failed attempt that will be retried at {@code nextAttempt}. */
    public void recordExportFailure(Collection<Long> seqs, String error, Instant nextAttempt) {
        updateOutbox("record export failure", seqs,
                "UPDATE export_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?",
                truncate(error), utc(nextAttempt));
    }

    /** Parks entries the server refused, with its answer; they are not retried by themselves. */
    public void park(Collection<Long> seqs, String error) {
        updateOutbox("park export entries", seqs,
                "UPDATE export_outbox SET state = 'PARKED', attempts = attempts + 1, last_error = ? WHERE seq = ?",
                truncate(error));
    }

    /** Puts every parked entry back in the queue (after the cause was fixed); returns how many. */
    public int requeueParked() {
        return inTransaction("requeue parked export entries", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE export_outbox SET state = 'PENDING', next_attempt_at = ? WHERE state = 'PARKED'")) {
                update.setObject(1, utc(clock.instant()));
                return update.executeUpdate();
            }
        });
    }

    public OutboxBacklog outboxBacklog() {
        return inTransaction("read export backlog", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM export_outbox WHERE state = 'PENDING'),"
                            + " (SELECT COUNT(*) FROM export_outbox WHERE state = 'PARKED'),"
                            + " (SELECT MIN(created_at) FROM export_outbox WHERE state = 'PENDING')");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return new OutboxBacklog(rows.getLong(1), rows.getLong(2), instant(rows, 3));
            }
        });
    }

    public void logAlarm(AlarmLogEntry entry) {
        inTransaction("log alarm", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO alarm_log (logged_at, alarm_id, bed_id, rule, priority, category, state, alarm_value,"
                            + " limits, acted_by, message, transition, escalated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, utc(entry.time()));
                insert.setString(2, entry.alarmId());
                insert.setString(3, entry.bedId());
                insert.setString(4, entry.rule());
                insert.setString(5, entry.priority());
                insert.setString(6, entry.category());
                insert.setString(7, entry.state());
                if (entry.value() == null || entry.value().isNaN()) insert.setNull(8, Types.DOUBLE);
                else insert.setDouble(8, entry.value());
                insert.setString(9, entry.limits());
                insert.setString(10, entry.user());
                insert.setString(11, entry.message());
                insert.setString(12, entry.transition());
                insert.setBoolean(13, entry.escalated());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The latest alarm log entries in a state, newest first. */
    /** The latest entry of every alarm whose latest entry is not ENDED: what was open at shutdown. */
    public List<AlarmLogEntry> unendedAlarms() {
        return alarms("id IN (SELECT MAX(id) FROM alarm_log GROUP BY alarm_id) AND state <> ?", "ENDED", "id", 10_000);
    }

    public List<AlarmLogEntry> alarmsInState(String state, int limit) {
        return alarms("state = ?", state, "logged_at DESC, id DESC", limit);
    }

    /** Alarm log entries of a bed since a time, oldest first. */
    public List<AlarmLogEntry> alarmsForBed(String bedId, Instant since, int limit) {
        return alarms("bed_id = ? AND logged_at >= ?", List.of(bedId, utc(since)), "logged_at, id", limit);
    }

    public void audit(AuditEntry entry) {
        inTransaction("write audit log", connection -> {
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

    /** Audit entries since a time, oldest first. */
    public List<AuditEntry> auditSince(Instant since, int limit) {
        return inTransaction("read audit log", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT logged_at, user_name, action, bed_id, details FROM audit_log WHERE logged_at >= ?"
                            + " ORDER BY logged_at, id LIMIT ?")) {
                query.setObject(1, utc(since));
                query.setInt(2, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(instant(rows, 1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5)));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) closeQuietly(connection);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        Connection connection = null;
        boolean broken = false;
        try {
            if (closed) throw new SQLException("storage is closed");
            connection = borrow();
            T result = work.run(connection);
            connection.commit();
            if (health.consecutiveFailures() > 0) recordSuccess();
            return result;
        } catch (SQLException | RuntimeException e) {
            broken = true;
            if (connection != null) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            String message = "cannot " + what + ": " + e.getMessage();
            recordFailure(message);
            LOG.error("Storage failure: {}", message);
            throw new StorageException(message, e);
        } finally {
            if (connection != null) release(connection, broken);
        }
    }

    private synchronized void recordSuccess() {
        health = new StorageHealth(0, health.totalFailures(), health.lastFailureAt(), health.lastFailure());
    }

    private synchronized void recordFailure(String message) {
        health = new StorageHealth(health.consecutiveFailures() + 1, health.totalFailures() + 1, clock.instant(), message);
    }

    private Connection borrow() throws SQLException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (connection.isValid(2)) return connection;
            closeQuietly(connection);
        }
        connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        connection.setAutoCommit(false);
        return connection;
    }

    private void release(Connection connection, boolean broken) {
        if (broken || closed || !idle.offer(connection)) closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing a database connection failed: {}", e.getMessage());
        }
    }

    private void enqueue(Connection connection, String type, String id, String json) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO export_outbox (resource_type, resource_id, resource_json, state, attempts, created_at,"
                        + " next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?)")) {
            OffsetDateTime now = utc(clock.instant());
            insert.setString(1, type);
            insert.setString(2, id);
            insert.setString(3, json);
            insert.setObject(4, now);
            insert.setObject(5, now);
            insert.executeUpdate();
        }
    }

    private List<OutboxEntry> outbox(String condition, int limit) {
        return inTransaction("read export queue", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, resource_type, resource_id, resource_json, state, attempts, last_error, created_at,"
                            + " next_attempt_at FROM export_outbox WHERE " + condition + " ORDER BY seq LIMIT ?")) {
                query.setInt(1, limit);
                List<OutboxEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new OutboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), OutboxEntry.State.valueOf(rows.getString(5)), rows.getInt(6),
                                rows.getString(7), instant(rows, 8), instant(rows, 9)));
                    }
                }
                return entries;
            }
        });
    }

    private void updateOutbox(String what, Collection<Long> seqs, String sql, Object... leading) {
        if (seqs.isEmpty()) return;
        inTransaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                for (long seq : seqs) {
                    for (int i = 0; i < leading.length; i++) update.setObject(i + 1, leading[i]);
                    update.setLong(leading.length + 1, seq);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    private List<AlarmLogEntry> alarms(String condition, Object parameters, String order, int limit) {
        List<?> values = parameters instanceof List<?> list ? list : List.of(parameters);
        return inTransaction("read alarm log", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
"SELECT logged_at, alarm_id, bed_id, rule, priority, category, state, alarm_value, limits, acted_by,"
                            + " message, transition, escalated FROM alarm_log WHERE " + condition + " ORDER BY " + order + " LIMIT ?")) {
                int index = 1;
                for (Object value : values) query.setObject(index++, value);
                query.setInt(index, limit);
                List<AlarmLogEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        double value = rows.getDouble(8);
                        Double boxed = rows.wasNull() ? null : value;
                        entries.add(new AlarmLogEntry(instant(rows, 1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), boxed,
                                rows.getString(9), rows.getString(10), rows.getString(11), rows.getString(12),
                                rows.getBoolean(13)));
                    }
                }
                return entries;
            }
        });
    }

    private Optional<String> resourceJson(String table, String id) {
        return inTransaction("read " + table, connection -> selectJson(connection, table, id));
    }

    private static Optional<String> selectJson(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT resource_json FROM " + table + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private List<String> findByIdentifier(String type, String table, String system, String value) {
        return inTransaction("search " + table, connection -> {
            String sql = "SELECT r.resource_json FROM " + table + " r WHERE EXISTS (SELECT 1 FROM resource_identifiers i"
                    + " WHERE i.resource_type = ? AND i.resource_id = r.id AND i.identifier_value = ?"
                    + (system != null ? " AND i.identifier_system = ?" : "") + ") ORDER BY r.id";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, type);
                query.setString(2, value);
                if (system != null) query.setString(3, system);
                List<String> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) found.add(rows.getString(1));
                }
                return found;
            }
        });
    }

    private static void replaceIdentifiers(Connection connection, String type, String id, List<Identifier> identifiers)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM resource_identifiers WHERE resource_type = ? AND resource_id = ?")) {
            delete.setString(1, type);
            delete.setString(2, id);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO resource_identifiers (resource_type, resource_id, identifier_system, identifier_value)"
                        + " VALUES (?, ?, ?, ?)")) {
            for (Identifier identifier : identifiers) {
                if (!identifier.hasValue()) continue;
                insert.setString(1, type);
                insert.setString(2, id);
                insert.setString(3, identifier.hasSystem() ? identifier.getSystem() : "");
                insert.setString(4, identifier.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<Coding> codings(Observation observation) {
        List<Coding> codings = new ArrayList<>();
        for (Coding coding : observation.getCode().getCoding()) {
            boolean seen = codings.stream().anyMatch(c -> c.getSystem().equals(coding.getSystem())
                    && c.getCode().equals(coding.getCode()));
            if (!seen) codings.add(coding);
        }
        return codings;
    }

    private String encode(IBaseResource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text) {
        if (text == null) return null;
        return text.length() <= 8000 ? text : text.substring(0, 8000);
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
