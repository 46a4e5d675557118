package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.utc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;

/** Who is in which bed (table {@code occupancies}), each occupancy with its Patient resource. */
public final class OccupancyRepository {

    private final Database database;
    private final FhirResourceRepository resources;

    public OccupancyRepository(Database database, FhirResourceRepository resources) {
        this.database = Objects.requireNonNull(database, "database");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /**
     * Starts an occupancy of a bed with its placeholder Patient, ending any open occupancy of
     * that bed, and queues the Patient for export.
     */
    public Occupancy start(String bedId, Patient placeholder, Instant at) {
        String id = placeholder.getIdElement().getIdPart();
        return database.inTransaction("start occupancy", connection -> {
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
            resources.insertPatient(connection, placeholder, at);
            return new Occupancy(id, bedId, at, null, null);
        });
    }

    /**
     * Starts an occupancy of each bed with its placeholder Patient, as {@link #start} does, all in
     * one transaction with batched writes: the first readings of a whole ward cost one commit.
     *
     * @param placeholders the placeholder Patient of each bed's new occupancy
     */
    public List<Occupancy> startAll(Map<String, Patient> placeholders, Instant at) {
        if (placeholders.isEmpty()) return List.of();
        return database.inTransaction("start occupancies", connection -> {
            List<Occupancy> started = new ArrayList<>(placeholders.size());
            try (PreparedStatement end = connection.prepareStatement(
                    "UPDATE occupancies SET ended_at = ? WHERE bed_id = ? AND ended_at IS NULL");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO occupancies (id, bed_id, started_at) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Patient> bed : placeholders.entrySet()) {
                    String id = bed.getValue().getIdElement().getIdPart();
                    end.setObject(1, utc(at));
                    end.setString(2, bed.getKey());
                    end.addBatch();
                    insert.setString(1, id);
                    insert.setString(2, bed.getKey());
                    insert.setObject(3, utc(at));
                    insert.addBatch();
                    started.add(new Occupancy(id, bed.getKey(), at, null, null));
                }
                end.executeBatch();
                insert.executeBatch();
            }
            resources.insertPatients(connection, List.copyOf(placeholders.values()), at);
            return started;
        });
    }

    /**
     * Records who the patient of an occupancy is: replaces its Patient resource (same id) and
     * queues it for export.
     */
    public void admit(String occupancyId, Patient admitted, Instant at) {
        database.inTransaction("admit patient", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE occupancies SET admitted_at = ? WHERE id = ?")) {
                update.setObject(1, utc(at));
                update.setString(2, occupancyId);
                if (update.executeUpdate() != 1) throw new SQLException("no occupancy " + occupancyId);
            }
            resources.updatePatient(connection, occupancyId, admitted, at);
            return null;
        });
    }

    public void end(String occupancyId, Instant at) {
        database.inTransaction("end occupancy", connection -> {
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
    public Optional<Occupancy> current(String bedId) {
        return database.inTransaction("read occupancy", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, bed_id, started_at, ended_at, admitted_at FROM occupancies"
                            + " WHERE bed_id = ? AND ended_at IS NULL ORDER BY started_at DESC")) {
                query.setString(1, bedId);
                return Sql.first(query, OccupancyRepository::occupancy);
            }
        });
    }

    /** The open occupancy of each of these beds that has one (the latest, should there be several). */
    public Map<String, Occupancy> current(Collection<String> bedIds) {
        List<String> beds = List.copyOf(bedIds);
        Map<String, Occupancy> open = new HashMap<>();
        if (beds.isEmpty()) return open;
        return database.inTransaction("read occupancies", connection -> {
            for (int from = 0; from < beds.size(); from += FhirResourceRepository.LOOKUP_CHUNK) {
                List<String> chunk = beds.subList(from, Math.min(beds.size(), from + FhirResourceRepository.LOOKUP_CHUNK));
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT id, bed_id, started_at, ended_at, admitted_at FROM occupancies WHERE ended_at IS NULL"
                                + " AND bed_id IN (" + FhirResourceRepository.placeholders(chunk.size()) + ") ORDER BY started_at")) {
                    for (int i = 0; i < chunk.size(); i++) query.setString(i + 1, chunk.get(i));
                    for (Occupancy occupancy : Sql.list(query, OccupancyRepository::occupancy)) open.put(occupancy.bedId(), occupancy);
                }
            }
            return open;
        });
    }

    private static Occupancy occupancy(ResultSet row) throws SQLException {
        return new Occupancy(row.getString(1), row.getString(2), Sql.instant(row, 3), Sql.instant(row, 4),
                Sql.instant(row, 5));
    }
}
