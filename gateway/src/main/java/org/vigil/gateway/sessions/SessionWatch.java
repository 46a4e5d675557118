package org.vigil.gateway.sessions;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.devices.BloodPressureControl;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Moves the open sessions along on the gateway's clock, once a {@link #PERIOD}: takes the baseline
 * from the first complete SpO2, pulse and blood pressure after check-in, and at each BP due time
 * commands a cuff that measures on command (SunTech). A bed without one shows the reading as due
 * on the dashboard, and the profile's bp-due alarm follows when it is missed. It also follows the
 * vitals against the baseline for discharge readiness, and records when readiness is first met.
 */
public final class SessionWatch extends AbstractScheduledService {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);

    public static final Duration PERIOD = Duration.ofSeconds(1);
    /** A continuous reading older than this is not current (the profile's data-stale limit for oximeters). */
    static final Duration CURRENT = Duration.ofSeconds(30);
    /** Who the audit log names for a measurement the schedule started. */
    static final String SCHEDULE = "bp-schedule";

    private final ChairSessions sessions;
    private final BloodPressureControl bloodPressure;
    private final Clock clock;

    public SessionWatch(ChairSessions sessions, BloodPressureControl bloodPressure, Clock clock) {
        this.sessions = sessions;
        this.bloodPressure = bloodPressure;
        this.clock = clock;
    }

    @Override
    protected void runOneIteration() {
        for (ChairSession session : sessions.openSessions()) {
            try {
                step(session, clock.instant());
            } catch (RuntimeException e) {
                // storage failures are counted by the database and raise storage-failing; the next period retries
                LOG.warn("Session {} at bed {}: {}", session.id(), session.bedId(), e.toString());
            }
        }
    }

    private void step(ChairSession session, Instant now) {
        Optional<BedState> found = sessions.bed(session.bedId());
        if (found.isEmpty()) return;
        BedState bed = found.get();
        if (session.baseline() == null) baseline(bed, session).ifPresent(b -> sessions.baselineTaken(session, b));
        followVitals(bed, session, now);
        if (session.readyAt() == null && session.doseTime().isPresent() && sessions.readiness(session, now).met()) {
            sessions.readyAt(session, now);
        }
        Optional<BpSchedule.Due> due = sessions.schedule(session).latestDue(now);
        if (due.isEmpty()) return;
        Instant through = session.bpScheduledThrough();
        if (through != null && !due.get().at().isAfter(through)) return;
        BloodPressureControl.Outcome outcome = bloodPressure.startNow(bed, SCHEDULE);
        switch (outcome.result()) {
            case STARTED -> LOG.info("Bed {}: BP {} started on {}", bed.id(), due.get().label(), outcome.deviceId());
            case NO_DEVICE -> LOG.info("Bed {}: BP {} due, for the nurse to take", bed.id(), due.get().label());
            case NOT_TAKEN -> {
                LOG.warn("Bed {}: BP {} not started: {}; next period tries again", bed.id(), due.get().label(), outcome.detail());
                return;
            }
        }
        sessions.scheduled(session, due.get().at());
    }

    /** Pulse no older than {@link #CURRENT}, and the latest BP taken after the dose, against the baseline. */
    private void followVitals(BedState bed, ChairSession session, Instant now) {
        Optional<Instant> dose = session.doseTime();
        if (session.baseline() == null || dose.isEmpty()) return;
        Reading pulse = bed.latest(VitalSign.PULSE_RATE);
        Reading systolic = bed.latest(VitalSign.BP_SYS);
        Reading diastolic = bed.latest(VitalSign.BP_DIA);
        if (pulse == null || !pulse.isUsable() || pulse.receivedAt().isBefore(now.minus(CURRENT))) {
            sessions.vitalsUnknown(session, "no current pulse");
        } else if (systolic == null || diastolic == null || !systolic.isUsable() || !diastolic.isUsable()
                || systolic.receivedAt().isBefore(dose.get())) {
            sessions.vitalsUnknown(session, "no BP since the dose");
        } else {
            sessions.followVitals(session, pulse.value(), systolic.value(), diastolic.value(), now);
        }
    }

    /** The first complete set since check-in: each of SpO2, pulse, systolic and diastolic measured after it. */
    private static Optional<Baseline> baseline(BedState bed, ChairSession session) {
        Reading spo2 = bed.latest(VitalSign.SPO2);
        Reading pulse = bed.latest(VitalSign.PULSE_RATE);
        Reading systolic = bed.latest(VitalSign.BP_SYS);
        Reading diastolic = bed.latest(VitalSign.BP_DIA);
        Instant checkedIn = session.checkedInAt();
        Instant at = checkedIn;
        for (Reading reading : new Reading[] {spo2, pulse, systolic, diastolic}) {
            if (reading == null || !reading.isUsable() || reading.receivedAt().isBefore(checkedIn)) return Optional.empty();
            if (reading.receivedAt().isAfter(at)) at = reading.receivedAt();
        }
        return Optional.of(new Baseline(at, spo2.value(), pulse.value(), systolic.value(), diastolic.value()));
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedDelaySchedule(PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "session watch";
    }
}
