package org.vigil.gateway.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.fhir.Admission;
import org.vigil.model.VitalSign;

/** What people do with sessions at the chairs; every refusal is a {@link SessionRefusal} that changed nothing. */
public interface SessionDesk {

    /**
     * The dose as entered; {@code time} {@code null} means now, {@code vitalsAcceptable} {@code null}
     * means as the pre-dose gate judges the baseline.
     */
    record DoseEntry(String drug, String route, double doseMg, String lot, Instant time, Boolean vitalsAcceptable) {
    }

    /** An assessment as entered. */
    record AssessmentEntry(int sedation, Dissociation dissociation, boolean respiratoryDepression, String note) {
    }

    SessionView checkIn(BedState bed, Admission patient, PatientHistory history, String user);

    SessionView dose(String sessionId, DoseEntry dose, String user);

    SessionView assess(String sessionId, AssessmentEntry assessment, String user);

    /**
     * Marks a charted sample as not valid, with the reason; a blood-pressure value marks its whole
     * measurement (systolic, diastolic, mean at that time). The raw samples are kept.
     */
    SessionView markArtefact(String sessionId, VitalSign vital, Instant time, String reason, String user);

    /** @param overrideReason why the session ends though readiness is not met; {@code null} when it is */
    SessionView signOff(String sessionId, String overrideReason, String user);

    Optional<SessionView> find(String sessionId);

    /** The signed report (PDF); refused for an unknown session or one not signed off yet. */
    byte[] report(String sessionId);

    List<SessionView> ofBed(String bedId, Instant since);

    /** The open session at a bed, if any. */
    Optional<ChairSession> openAt(String bedId);
}
