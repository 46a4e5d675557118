package org.vigil.gateway.storage;

import static org.vigil.gateway.storage.Sql.setTime;
import static org.vigil.gateway.storage.Sql.utc;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.sessions.Artefact;
import org.vigil.gateway.sessions.Baseline;
import org.vigil.gateway.sessions.ChairSession;
import org.vigil.gateway.sessions.Dissociation;
import org.vigil.gateway.sessions.Dose;
import org.vigil.gateway.sessions.PatientHistory;
import org.vigil.gateway.sessions.SessionAssessment;
import org.vigil.gateway.sessions.SignOff;
import org.vigil.model.VitalSign;

/**
 * Sessions at the chairs (tables {@code sessions}, {@code session_doses}, {@code session_assessments},
 * V5__sessions.sql). Each change is one transaction whose condition (session open, dose count) is
 * checked in the same statement or transaction that writes, so a refused change writes nothing.
 */
public final class SessionRepository {

    private static final String COLUMNS = "id, bed_id, patient_id, family, given, identifier_system, identifier_value,"
            + " birth_date, checked_in_at, checked_in_by, baseline_at, baseline_spo2, baseline_pulse, baseline_sys,"
            + " baseline_dia, bp_scheduled_through, signed_off_at, signed_off_by, override_reason, ready_at,"
            + " sex, first_treatment, concomitant";

    private final Database database;
    private final OutboxRepository outbox;
    private final FhirContext fhirContext;

    public SessionRepository(Database database, OutboxRepository outbox, FhirContext fhirContext) {
        this.database = Objects.requireNonNull(database, "database");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
    }

    /** Stores a new session; fails if the bed already has an open one. */
    public void insert(ChairSession session) {
        database.inTransaction("check in", connection -> {
            if (openAt(connection, session.bedId()).isPresent()) {
                throw new SQLException("bed " + session.bedId() + " already has an open session");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sessions (id, bed_id, patient_id,"
                    + " family, given, identifier_system, identifier_value, birth_date, checked_in_at, checked_in_by,"
                    + " sex, first_treatment, concomitant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Admission patient = session.patient();
                insert.setString(1, session.id());
                insert.setString(2, session.bedId());
                insert.setString(3, session.patientId());
                insert.setString(4, patient.family());
                insert.setString(5, patient.given());
                insert.setString(6, patient.identifierSystem());
                insert.setString(7, patient.identifierValue());
                if (patient.birthDate() == null) insert.setNull(8, Types.DATE);
                else insert.setDate(8, Date.valueOf(patient.birthDate()));
                insert.setObject(9, utc(session.checkedInAt()));
                insert.setString(10, session.checkedInBy());
                PatientHistory history = session.history();
                insert.setString(11, history.sex() == null ? null : history.sex().code());
                if (history.firstTreatment() == null) insert.setNull(12, Types.BOOLEAN);
                else insert.setBoolean(12, history.firstTreatment());
                insert.setString(13, history.concomitant() == null ? null : String.join(",",
                        history.concomitant().stream().map(PatientHistory.ConcomitantMedicine::code).toList()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Adds a dose to an open session that has fewer than {@code dosesAllowed}.
     *
     * @return false, and nothing written, when the session is signed off or has its doses already
     */
    public boolean addDose(String sessionId, Dose dose, int dosesAllowed, Instant recordedAt) {
        return database.inTransaction("record dose", connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT id FROM sessions WHERE id = ? AND signed_off_at IS NULL FOR UPDATE")) {
                lock.setString(1, sessionId);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) return false;
                }
            }
            if (doses(connection, sessionId).size() >= dosesAllowed) return false;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO session_doses"
                    + " (session_id, drug, route, dose_mg, lot, given_at, given_by, recorded_at, vitals_acceptable)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, sessionId);
                insert.setString(2, dose.drug());
                insert.setString(3, dose.route());
                insert.setDouble(4, dose.doseMg());
                insert.setString(5, dose.lot());
                insert.setObject(6, utc(dose.time()));
                insert.setString(7, dose.givenBy());
                insert.setObject(8, utc(recordedAt));
                if (dose.vitalsAcceptable() == null) insert.setNull(9, Types.BOOLEAN);
                else insert.setBoolean(9, dose.vitalsAcceptable());
                insert.executeUpdate();
            }
            return true;
        });
    }

    /** @return false, and nothing written, when the session is signed off */
    public boolean addAssessment(String sessionId, SessionAssessment assessment) {
        return database.inTransaction("record assessment", connection -> {
            if (!isOpen(connection, sessionId)) return false;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO session_assessments"
                    + " (session_id, assessed_at, assessed_by, sedation, dissociation, respiratory_depression, note)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, sessionId);
                insert.setObject(2, utc(assessment.at()));
                insert.setString(3, assessment.by());
                insert.setInt(4, assessment.sedation());
                insert.setString(5, assessment.dissociation().name());
                insert.setBoolean(6, assessment.respiratoryDepression());
                insert.setString(7, assessment.note());
                insert.executeUpdate();
            }
            return true;
        });
    }

    /** Records the baseline once; a session that has one keeps it. */
    public boolean recordBaseline(String sessionId, Baseline baseline) {
        return database.inTransaction("record baseline", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sessions SET baseline_at = ?,"
                    + " baseline_spo2 = ?, baseline_pulse = ?, baseline_sys = ?, baseline_dia = ?"
                    + " WHERE id = ? AND baseline_at IS NULL AND signed_off_at IS NULL")) {
                update.setObject(1, utc(baseline.at()));
                update.setDouble(2, baseline.spo2());
                update.setDouble(3, baseline.pulse());
                update.setDouble(4, baseline.systolic());
                update.setDouble(5, baseline.diastolic());
                update.setString(6, sessionId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Moves the BP schedule's progress forward, never back. */
    public void scheduledThrough(String sessionId, Instant due) {
        database.inTransaction("record BP schedule", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sessions SET bp_scheduled_through = ?"
                    + " WHERE id = ? AND (bp_scheduled_through IS NULL OR bp_scheduled_through < ?)")) {
                update.setObject(1, utc(due));
                update.setString(2, sessionId);
                update.setObject(3, utc(due));
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Marks samples of an open session's bed as artefacts, all or none: each must exist among
     * the stored samples at exactly that time and not be marked yet.
     *
     * @return the problem, or {@code null} when they were marked
     */
    public String markArtefacts(String sessionId, String bedId, List<Artefact> artefacts) {
        return database.inTransaction("mark artefacts", connection -> {
            if (!isOpen(connection, sessionId)) return "the session is signed off";
            for (Artefact artefact : artefacts) {
                if (!SampleRepository.contains(connection, bedId, artefact.vital(), artefact.time())) {
                    return "bed " + bedId + " has no " + artefact.vital() + " sample at " + artefact.time();
                }
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT COUNT(*) FROM sample_artefacts WHERE session_id = ? AND vital = ? AND sample_time = ?")) {
                    query.setString(1, sessionId);
                    query.setString(2, artefact.vital().name());
                    query.setObject(3, utc(artefact.time()));
                    if (Sql.first(query, row -> row.getInt(1)).orElse(0) > 0) {
                        return artefact.vital() + " at " + artefact.time() + " is marked already";
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sample_artefacts"
                    + " (session_id, bed_id, vital, sample_time, reason, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Artefact artefact : artefacts) {
                    insert.setString(1, sessionId);
                    insert.setString(2, bedId);
                    insert.setString(3, artefact.vital().name());
                    insert.setObject(4, utc(artefact.time()));
                    insert.setString(5, artefact.reason());
                    insert.setString(6, artefact.markedBy());
                    insert.setObject(7, utc(artefact.markedAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The session's artefacts, in the order they were marked. */
    public List<Artefact> artefacts(String sessionId) {
        return database.inTransaction("read artefacts", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT vital, sample_time, reason, marked_by, marked_at"
                    + " FROM sample_artefacts WHERE session_id = ? ORDER BY id")) {
                query.setString(1, sessionId);
                return Sql.list(query, row -> new Artefact(VitalSign.valueOf(row.getString(1)), Sql.instant(row, 2),
                        row.getString(3), row.getString(4), Sql.instant(row, 5)));
            }
        });
    }

    /** Records when the session first met every automatic discharge criterion; the first time stays. */
    public boolean readyAt(String sessionId, Instant at) {
        return database.inTransaction("record readiness", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sessions SET ready_at = ? WHERE id = ? AND ready_at IS NULL AND signed_off_at IS NULL")) {
                update.setObject(1, utc(at));
                update.setString(2, sessionId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Since when the vitals have been within the baseline band; {@code null} when they left it. */
    public void withinBandSince(String sessionId, Instant since) {
        database.inTransaction("record the stable window", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sessions SET within_band_since = ? WHERE id = ? AND signed_off_at IS NULL")) {
                setTime(update, 1, since);
                update.setString(2, sessionId);
                update.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Instant> withinBandSince(String sessionId) {
        return database.inTransaction("read the stable window", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT within_band_since FROM sessions WHERE id = ?")) {
                query.setString(1, sessionId);
                return Sql.first(query, row -> Optional.ofNullable(Sql.instant(row, 1))).flatMap(since -> since);
            }
        });
    }

    /** @return false, and nothing written, when the session was signed off already */
    public boolean signOff(String sessionId, SignOff signOff) {
        return signOff(sessionId, signOff, null, List.of());
    }

    /**
     * Signs the session off with its report and its FHIR resources, in one transaction; the
     * resources are queued for export in the same transaction.
     *
     * @param reportPdf the report, {@code null} for none
     * @return false, and nothing written, when the session was signed off already
     */
    public boolean signOff(String sessionId, SignOff signOff, byte[] reportPdf, List<? extends IBaseResource> resources) {
        List<String[]> encoded = new ArrayList<>();
        for (IBaseResource resource : resources) {
            encoded.add(new String[] {resource.fhirType(), resource.getIdElement().getIdPart(),
                    fhirContext.newJsonParser().encodeResourceToString(resource)});
        }
        return database.inTransaction("sign off", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sessions SET signed_off_at = ?,"
                    + " signed_off_by = ?, override_reason = ?, report_pdf = ? WHERE id = ? AND signed_off_at IS NULL")) {
                update.setObject(1, utc(signOff.at()));
                update.setString(2, signOff.by());
                update.setString(3, signOff.overrideReason());
                update.setString(4, reportPdf == null ? null : Base64.getEncoder().encodeToString(reportPdf));
                update.setString(5, sessionId);
                if (update.executeUpdate() != 1) return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO session_resources (resource_type, id, encounter_id, resource_json) VALUES (?, ?, ?, ?)")) {
                for (String[] resource : encoded) {
                    insert.setString(1, resource[0]);
                    insert.setString(2, resource[1]);
                    insert.setString(3, sessionId);
                    insert.setString(4, resource[2]);
                    insert.executeUpdate();
                    outbox.enqueue(connection, resource[0], resource[1], resource[2]);
                }
            }
            return true;
        });
    }

    /** The signed report of a session, empty before sign-off. */
    public Optional<byte[]> report(String sessionId) {
        return database.inTransaction("read report", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT report_pdf FROM sessions WHERE id = ?")) {
                query.setString(1, sessionId);
                return Sql.first(query, row -> Optional.ofNullable(row.getString(1))).flatMap(pdf -> pdf).map(Base64.getDecoder()::decode);
            }
        });
    }

    public Optional<ChairSession> find(String sessionId) {
        return database.inTransaction("read session", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")) {
                query.setString(1, sessionId);
                Optional<Row> row = Sql.first(query, SessionRepository::row);
                return row.isEmpty() ? Optional.<ChairSession>empty() : Optional.of(complete(connection, row.get()));
            }
        });
    }

    /** The bed's sessions checked in at or after {@code since}, oldest first. */
    public List<ChairSession> ofBed(String bedId, Instant since) {
        return database.inTransaction("list sessions", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM sessions WHERE bed_id = ? AND checked_in_at >= ? ORDER BY checked_in_at, id")) {
                query.setString(1, bedId);
                setTime(query, 2, since);
                List<ChairSession> sessions = new ArrayList<>();
                for (Row row : Sql.list(query, SessionRepository::row)) sessions.add(complete(connection, row));
                return sessions;
            }
        });
    }

    /** Every session not yet signed off, one per bed at most. */
    public List<ChairSession> open() {
        return database.inTransaction("list open sessions", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM sessions WHERE signed_off_at IS NULL ORDER BY bed_id")) {
                List<ChairSession> sessions = new ArrayList<>();
                for (Row row : Sql.list(query, SessionRepository::row)) sessions.add(complete(connection, row));
                return sessions;
            }
        });
    }

    private static Optional<String> openAt(Connection connection, String bedId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM sessions WHERE bed_id = ? AND signed_off_at IS NULL")) {
            query.setString(1, bedId);
            return Sql.first(query, row -> row.getString(1));
        }
    }

    private static boolean isOpen(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM sessions WHERE id = ? AND signed_off_at IS NULL")) {
            query.setString(1, sessionId);
            return Sql.first(query, row -> row.getString(1)).isPresent();
        }
    }

    /** A {@code sessions} row before its doses and assessments are read. */
    private record Row(ChairSession session) {
    }

    private static Row row(ResultSet row) throws SQLException {
        Date birth = row.getDate(8);
        Admission patient = new Admission(row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                birth == null ? null : birth.toLocalDate());
        Instant baselineAt = Sql.instant(row, 11);
        Baseline baseline = baselineAt == null ? null
                : new Baseline(baselineAt, row.getDouble(12), row.getDouble(13), row.getDouble(14), row.getDouble(15));
        Instant signedOffAt = Sql.instant(row, 17);
        SignOff signOff = signedOffAt == null ? null : new SignOff(signedOffAt, row.getString(18), row.getString(19));
        return new Row(new ChairSession(row.getString(1), row.getString(2), row.getString(3), patient, Sql.instant(row, 9),
                row.getString(10), baseline, List.of(), List.of(), Sql.instant(row, 16), Sql.instant(row, 20), signOff,
                history(row)));
    }

    private static PatientHistory history(ResultSet row) throws SQLException {
        String sex = row.getString(21);
        boolean firstTreatment = row.getBoolean(22);
        Boolean first = row.wasNull() ? null : firstTreatment;
        String codes = row.getString(23);
        Set<PatientHistory.ConcomitantMedicine> concomitant = null;
        if (codes != null) {
            concomitant = EnumSet.noneOf(PatientHistory.ConcomitantMedicine.class);
            for (String code : codes.split(",")) if (!code.isEmpty()) concomitant.add(PatientHistory.ConcomitantMedicine.parse(code));
        }
        return new PatientHistory(sex == null ? null : PatientHistory.Sex.parse(sex), first, concomitant);
    }

    private static ChairSession complete(Connection connection, Row row) throws SQLException {
        ChairSession s = row.session();
        return new ChairSession(s.id(), s.bedId(), s.patientId(), s.patient(), s.checkedInAt(), s.checkedInBy(),
                s.baseline(), doses(connection, s.id()), assessments(connection, s.id()), s.bpScheduledThrough(), s.readyAt(),
                s.signOff(), s.history());
    }

    private static List<Dose> doses(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT drug, route, dose_mg, lot, given_at, given_by,"
                + " vitals_acceptable FROM session_doses WHERE session_id = ? ORDER BY id")) {
            query.setString(1, sessionId);
            return Sql.list(query, row -> {
                boolean acceptable = row.getBoolean(7);
                Boolean vitalsAcceptable = row.wasNull() ? null : acceptable;
                return new Dose(row.getString(1), row.getString(2), row.getDouble(3), row.getString(4),
                        Sql.instant(row, 5), row.getString(6), vitalsAcceptable);
            });
        }
    }

    private static List<SessionAssessment> assessments(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT assessed_at, assessed_by, sedation, dissociation,"
                + " respiratory_depression, note FROM session_assessments WHERE session_id = ? ORDER BY id")) {
            query.setString(1, sessionId);
            return Sql.list(query, row -> new SessionAssessment(Sql.instant(row, 1), row.getString(2), row.getInt(3),
                    Dissociation.valueOf(row.getString(4)), row.getBoolean(5), row.getString(6)));
        }
    }
}
