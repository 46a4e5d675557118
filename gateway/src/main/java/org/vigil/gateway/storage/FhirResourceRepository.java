package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * The FHIR resources the gateway makes, as JSON with the columns they are searched by:
 * Observations, Devices and Patients. Storing a resource queues it for export in the same
 * transaction. Patients are written with their occupancy ({@link OccupancyRepository}).
 */
public final class FhirResourceRepository {

    /** Values per {@code IN (...)} lookup, well under the bind-parameter limits of H2 and PostgreSQL. */
    static final int LOOKUP_CHUNK = 500;

    private final Database database;
    private final OutboxRepository outbox;
    private final FhirContext fhirContext;
    private final Clock clock;

    public FhirResourceRepository(Database database, OutboxRepository outbox, FhirContext fhirContext, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores an Observation made by the gateway and queues it for export. An Observation already
     * stored (by id, which the gateway derives from the identifier) is not stored again.
     *
     * @return {@code true} if stored, {@code false} if it was already there
     */
    public boolean saveObservation(Observation observation) {
        return saveObservations(List.of(observation)).get(0);
    }

    /**
     * Stores Observations made by the gateway and queues them for export, in this order, all in
     * one transaction with batched inserts: either all the new ones are stored and queued, or none
     * is. An Observation already stored (by id), or earlier in the list, is not stored again. The
     * first coding is stored in the row and the others in {@code observation_codes}, for search.
     *
     * @return for each Observation, {@code true} if stored, {@code false} if it was already there
     */
    public List<Boolean> saveObservations(List<Observation> batch) {
        List<EncodedObservation> encoded = new ArrayList<>(batch.size());
        for (Observation observation : batch) encoded.add(encoded(observation));
        return saveEncoded(encoded);
    }

    /** An Observation with its JSON, encoded once for its row and its export queue entry. */
    public record EncodedObservation(Observation observation, String json) {
    }

    /** Encodes an Observation for {@link #saveEncoded}, outside any transaction. */
    public EncodedObservation encoded(Observation observation) {
        return new EncodedObservation(observation, encode(observation));
    }

    /** {@link #saveObservations} of Observations already encoded: the transaction only writes. */
    public List<Boolean> saveEncoded(List<EncodedObservation> encoded) {
        if (encoded.isEmpty()) return List.of();
        List<Observation> batch = new ArrayList<>(encoded.size());
        List<String> json = new ArrayList<>(encoded.size());
        for (EncodedObservation item : encoded) {
            batch.add(item.observation());
            json.add(item.json());
        }
        return database.inTransaction("save observations", connection -> {
            Set<String> taken = storedIds(connection, "observations",
                    batch.stream().map(observation -> observation.getIdElement().getIdPart()).toList());
            List<Boolean> stored = new ArrayList<>(batch.size());
            List<OutboxRepository.Item> queued = new ArrayList<>(batch.size());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO observations (id, identifier_system, identifier_value, subject, code_system, code,"
                            + " effective_time, resource_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement codes = connection.prepareStatement(
                         "INSERT INTO observation_codes (observation_id, code_system, code) VALUES (?, ?, ?)")) {
                for (int i = 0; i < batch.size(); i++) {
                    Observation observation = batch.get(i);
                    String id = observation.getIdElement().getIdPart();
                    if (!taken.add(id)) {
                        stored.add(false);
                        continue;
                    }
                    Identifier identifier = observation.getIdentifierFirstRep();
                    Coding primary = observation.getCode().getCodingFirstRep();
                    insert.setString(1, id);
                    insert.setString(2, identifier.getSystem());
                    insert.setString(3, identifier.getValue());
                    insert.setString(4, observation.getSubject().getReference());
                    insert.setString(5, primary.getSystem());
                    insert.setString(6, primary.getCode());
                    insert.setObject(7, utc(observation.getEffectiveDateTimeType().getValue().toInstant()));
                    insert.setString(8, json.get(i));
                    insert.addBatch();
                    for (Coding coding : furtherCodings(observation)) {
                        codes.setString(1, id);
                        codes.setString(2, coding.getSystem());
                        codes.setString(3, coding.getCode());
                        codes.addBatch();
                    }
                    queued.add(new OutboxRepository.Item("Observation", id, json.get(i)));
                    stored.add(true);
                }
                if (!queued.isEmpty()) {
                    insert.executeBatch();
                    codes.executeBatch();
                }
            }
            outbox.enqueue(connection, queued);
            return stored;
        });
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    public Optional<String> observation(String id) {
        return read("observations", id);
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
            // the first coding is in the row, the others in observation_codes
            boolean withSystem = query.codeSystem() != null;
            sql.append(" AND ((o.code = ?").append(withSystem ? " AND o.code_system = ?" : "").append(')')
                    .append(" OR EXISTS (SELECT 1 FROM observation_codes c WHERE c.observation_id = o.id AND c.code = ?")
                    .append(withSystem ? " AND c.code_system = ?" : "").append("))");
            List<String> coding = withSystem ? List.of(query.code(), query.codeSystem()) : List.of(query.code());
            parameters.addAll(coding);
            parameters.addAll(coding);
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
        return database.inTransaction("search observations", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) statement.setObject(i + 1, parameters.get(i));
                List<String> items = Sql.list(statement, FhirResourceRepository::json);
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
        return database.inTransaction("save device", connection -> {
            Optional<String> existing = select(connection, "devices", id);
            if (existing.isPresent() && existing.get().equals(json)) return false;
            try (PreparedStatement write = connection.prepareStatement(existing.isPresent()
                    ? "UPDATE devices SET resource_json = ?, updated_at = ? WHERE id = ?"
                    : "INSERT INTO devices (resource_json, updated_at, id, device_id) VALUES (?, ?, ?, ?)")) {
                write.setString(1, json);
                write.setObject(2, utc(clock.instant()));
                write.setString(3, id);
                if (existing.isEmpty()) write.setString(4, deviceId);
                write.executeUpdate();
            }
            replaceIdentifiers(connection, "Device", id, device.getIdentifier());
            outbox.enqueue(connection, "Device", id, json);
            return true;
        });
    }

    /**
     * Stores the Devices of those not stored yet (by resource id) and queues them for export, all
     * in one transaction; Devices already stored are left as they are.
     *
     * @return how many were new
     */
    public int saveNewDevices(Map<String, Device> byDeviceId) {
        if (byDeviceId.isEmpty()) return 0;
        List<Map.Entry<String, Device>> devices = new ArrayList<>(byDeviceId.entrySet());
        List<String> json = new ArrayList<>(devices.size());
        for (Map.Entry<String, Device> device : devices) json.add(encode(device.getValue()));
        return database.inTransaction("save new devices", connection -> {
            Set<String> stored = storedIds(connection, "devices",
                    devices.stream().map(device -> device.getValue().getIdElement().getIdPart()).toList());
            List<OutboxRepository.Item> queued = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO devices (resource_json, updated_at, id, device_id) VALUES (?, ?, ?, ?)");
                 PreparedStatement identifiers = connection.prepareStatement(INSERT_IDENTIFIER)) {
                for (int i = 0; i < devices.size(); i++) {
                    Device device = devices.get(i).getValue();
                    String id = device.getIdElement().getIdPart();
                    if (!stored.add(id)) continue;
                    insert.setString(1, json.get(i));
                    insert.setObject(2, utc(clock.instant()));
                    insert.setString(3, id);
                    insert.setString(4, devices.get(i).getKey());
                    insert.addBatch();
                    addIdentifiers(identifiers, "Device", id, device.getIdentifier());
                    queued.add(new OutboxRepository.Item("Device", id, json.get(i)));
                }
                if (!queued.isEmpty()) {
                    insert.executeBatch();
                    identifiers.executeBatch();
                }
            }
            outbox.enqueue(connection, queued);
            return queued.size();
        });
    }

    private static Set<String> storedIds(Connection connection, String table, List<String> ids) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id FROM " + table + " WHERE id IN (" + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) query.setString(i + 1, chunk.get(i));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) stored.add(rows.getString(1));
                }
            }
        }
        return stored;
    }

    public Optional<String> device(String id) {
        return read("devices", id);
    }

    /** Devices with an identifier of that value (and system, unless {@code null}), as JSON. */
    public List<String> findDevices(String system, String value) {
        return findByIdentifier("Device", "devices", system, value);
    }

    public Optional<String> patient(String id) {
        return read("patients", id);
    }

    /** Patients with an identifier of that value (and system, unless {@code null}), as JSON. */
    public List<String> findPatients(String system, String value) {
        return findByIdentifier("Patient", "patients", system, value);
    }

    /** Stores the placeholder Patient of a new occupancy, in the occupancy's transaction. */
    void insertPatient(Connection connection, Patient patient, Instant at) throws SQLException {
        String id = patient.getIdElement().getIdPart();
        String json = encode(patient);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO patients (id, resource_json, updated_at) VALUES (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, json);
            insert.setObject(3, utc(at));
            insert.executeUpdate();
        }
        replaceIdentifiers(connection, "Patient", id, patient.getIdentifier());
        outbox.enqueue(connection, "Patient", id, json);
    }

    /** Stores the placeholder Patients of new occupancies, in their transaction, as one batch. */
    void insertPatients(Connection connection, List<Patient> patients, Instant at) throws SQLException {
        List<OutboxRepository.Item> queued = new ArrayList<>(patients.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO patients (id, resource_json, updated_at) VALUES (?, ?, ?)");
             PreparedStatement identifiers = connection.prepareStatement(INSERT_IDENTIFIER)) {
            for (Patient patient : patients) {
                String id = patient.getIdElement().getIdPart();
                String json = encode(patient);
                insert.setString(1, id);
                insert.setString(2, json);
                insert.setObject(3, utc(at));
                insert.addBatch();
                addIdentifiers(identifiers, "Patient", id, patient.getIdentifier());
                queued.add(new OutboxRepository.Item("Patient", id, json));
            }
            insert.executeBatch();
            identifiers.executeBatch();
        }
        outbox.enqueue(connection, queued);
    }

    /** Replaces the Patient of an occupancy (same id), e.g. on admission, in the occupancy's transaction. */
    void updatePatient(Connection connection, String id, Patient patient, Instant at) throws SQLException {
        String json = encode(patient);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE patients SET resource_json = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, json);
            update.setObject(2, utc(at));
            update.setString(3, id);
            if (update.executeUpdate() != 1) throw new SQLException("no patient " + id);
        }
        replaceIdentifiers(connection, "Patient", id, patient.getIdentifier());
        outbox.enqueue(connection, "Patient", id, json);
    }

    /** A resource of a signed-off session (Encounter, MedicationAdministration, QuestionnaireResponse, Observation). */
    public Optional<String> sessionResource(String type, String id) {
        return database.inTransaction("read " + type, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT resource_json FROM session_resources WHERE resource_type = ? AND id = ?")) {
                query.setString(1, type);
                query.setString(2, id);
                return Sql.first(query, FhirResourceRepository::json);
            }
        });
    }

    /** The resources of one type that belong to a session's Encounter. */
    public List<String> sessionResources(String type, String encounterId) {
        return database.inTransaction("search " + type, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT resource_json FROM session_resources WHERE resource_type = ? AND encounter_id = ? ORDER BY id")) {
                query.setString(1, type);
                query.setString(2, encounterId);
                return Sql.list(query, FhirResourceRepository::json);
            }
        });
    }

    private Optional<String> read(String table, String id) {
        return database.inTransaction("read " + table, connection -> select(connection, table, id));
    }

    private static Optional<String> select(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT resource_json FROM " + table + " WHERE id = ?")) {
            query.setString(1, id);
            return Sql.first(query, FhirResourceRepository::json);
        }
    }

    private List<String> findByIdentifier(String type, String table, String system, String value) {
        return database.inTransaction("search " + table, connection -> {
            String sql = "SELECT r.resource_json FROM " + table + " r WHERE EXISTS (SELECT 1 FROM resource_identifiers i"
                    + " WHERE i.resource_type = ? AND i.resource_id = r.id AND i.identifier_value = ?"
                    + (system != null ? " AND i.identifier_system = ?" : "") + ") ORDER BY r.id";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, type);
                query.setString(2, value);
                if (system != null) query.setString(3, system);
                return Sql.list(query, FhirResourceRepository::json);
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
        try (PreparedStatement insert = connection.prepareStatement(INSERT_IDENTIFIER)) {
            addIdentifiers(insert, type, id, identifiers);
            insert.executeBatch();
        }
    }

    private static final String INSERT_IDENTIFIER =
            "INSERT INTO resource_identifiers (resource_type, resource_id, identifier_system, identifier_value) VALUES (?, ?, ?, ?)";

    private static void addIdentifiers(PreparedStatement insert, String type, String id, List<Identifier> identifiers)
            throws SQLException {
        for (Identifier identifier : identifiers) {
            if (!identifier.hasValue()) continue;
            insert.setString(1, type);
            insert.setString(2, id);
            insert.setString(3, identifier.hasSystem() ? identifier.getSystem() : "");
            insert.setString(4, identifier.getValue());
            insert.addBatch();
        }
    }

    /** A resource as stored: its JSON, the first column. */
    private static String json(ResultSet row) throws SQLException {
        return row.getString(1);
    }

    /** The codings after the first (which is in the row), each once and none the same as the first. */
    private static List<Coding> furtherCodings(Observation observation) {
        List<Coding> codings = observation.getCode().getCoding();
        List<Coding> further = new ArrayList<>();
        for (int i = 1; i < codings.size(); i++) {
            Coding coding = codings.get(i);
            if (codings.subList(0, i).stream().noneMatch(earlier -> sameCode(earlier, coding))) further.add(coding);
        }
        return further;
    }

    private static boolean sameCode(Coding a, Coding b) {
        return a.getSystem().equals(b.getSystem()) && a.getCode().equals(b.getCode());
    }

    /**
     * Encodes each example once and keeps nothing: HAPI scans the model of a resource type and of
     * its elements on their first encoding (about a second of one core for Devices, Patients and
     * Observations), which would otherwise fall on the first readings of a ward.
     */
    public void prepareEncoding(List<? extends IBaseResource> examples) {
        for (IBaseResource example : examples) encode(example);
    }

    private String encode(IBaseResource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }
}
