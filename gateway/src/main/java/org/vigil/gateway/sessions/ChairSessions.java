package org.vigil.gateway.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Category;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.BpDueRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.SessionSettings;
import org.vigil.alerting.profile.Threshold;
import org.vigil.gateway.alarms.AlarmDesk;
import org.vigil.gateway.alarms.AlarmHistory;
import org.vigil.gateway.alarms.AlarmView;
import org.vigil.gateway.alarms.AuditTrail;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.fhir.Admissions;
import org.vigil.gateway.fhir.SessionResources;
import org.vigil.gateway.sessions.SessionRefusal.Kind;
import org.vigil.gateway.storage.Sample;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.gateway.storage.SessionRepository;
import org.vigil.model.VitalSign;

/**
 * The sessions at the chairs: check-in (an admission), doses, assessments and sign-off, stored by
 * {@link SessionRepository} before they take effect. The open session of each bed is also held
 * here, so that the schedule and the views need no database read; {@link #restore()} loads them
 * again after a restart and gives each bed its dose time back.
 */
public final class ChairSessions implements SessionDesk {

    private static final Logger LOG = LoggerFactory.getLogger(ChairSessions.class);

    /** How long a request waits for the bed's executor or the recorder. */
    private static final Duration ANSWER = Duration.ofSeconds(5);
    /** A dose time may be entered this far ahead of the gateway's clock (a clock a little off on a tablet). */
    private static final Duration DOSE_CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private final SessionRepository repository;
    private final SampleRepository samples;
    private final Ward ward;
    private final Map<String, AlarmProfile> profiles;
    private final AlarmDesk alarms;
    private final AlarmHistory alarmLog;
    private final Admissions admissions;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, ChairSession> open = new ConcurrentHashMap<>();
    /** Per open session: how its vitals compare with the baseline, as the watch last saw them. */
    private final Map<String, Settling> settling = new ConcurrentHashMap<>();

    /**
     * Whether the vitals are current and within the band, and since when they have been within it
     * without a reading outside; {@code since} is {@code null} until they first are.
     */
    record Settling(boolean current, Instant since, String detail) {
    }

    public ChairSessions(SessionRepository repository, SampleRepository samples, Ward ward, Map<String, AlarmProfile> profiles,
                         AlarmDesk alarms, AlarmHistory alarmLog, Admissions admissions, AuditTrail audit, Clock clock) {
        this.repository = repository;
        this.samples = samples;
        this.ward = ward;
        this.profiles = profiles;
        this.alarms = alarms;
        this.alarmLog = alarmLog;
        this.admissions = admissions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Loads the open sessions: each bed gets its patient's name and its dose time back. */
    public void restore() {
        Instant now = clock.instant();
        for (ChairSession session : repository.open()) {
            Optional<BedState> bed = ward.bed(session.bedId());
            if (bed.isEmpty()) {
                LOG.warn("Session {} is open at bed {}, which the configuration no longer has", session.id(), session.bedId());
                continue;
            }
            open.put(session.bedId(), session);
            // the stable window goes on from before the restart, unless the next readings leave the band
            repository.withinBandSince(session.id()).ifPresent(since -> settling.put(session.id(),
                    new Settling(false, since, "within the band since " + since + "; readings after the restart to follow")));
            bed.get().setPatient(session.patientName());
            session.doseTime().ifPresent(dose -> setDoseTime(bed.get(), dose, now));
            LOG.info("Session {} at bed {} restored in phase {}", session.id(), session.bedId(),
                    session.phase(settings(session.bedId()), now));
        }
    }

    @Override
    public synchronized SessionView checkIn(BedState bed, Admission patient, PatientHistory history, String user) {
        ChairSession running = open.get(bed.id());
        if (running != null) {
            throw new SessionRefusal(Kind.CONFLICT, "bed " + bed.id() + " already has session " + running.id()
                    + "; sign it off first");
        }
        String patientId = await(admissions.admit(bed.id(), patient));
        ChairSession session = new ChairSession(UUID.randomUUID().toString(), bed.id(), patientId, patient,
                clock.instant(), user, null, List.of(), List.of(), null, null, null, history);
        repository.insert(session);
        open.put(bed.id(), session);
        bed.setPatient(session.patientName());
        audit.audit(user, "SESSION_CHECKED_IN", bed.id(), "session " + session.id() + ", patient " + patientId);
        return view(session);
    }

    @Override
    public synchronized SessionView dose(String sessionId, DoseEntry entry, String user) {
        ChairSession session = running(sessionId);
        Instant now = clock.instant();
        Instant time = entry.time() == null ? now : entry.time();
        if (time.isBefore(session.checkedInAt())) {
            throw new SessionRefusal(Kind.INVALID, "the dose time " + time + " is before the check-in at " + session.checkedInAt());
        }
        if (time.isAfter(now.plus(DOSE_CLOCK_TOLERANCE))) {
            throw new SessionRefusal(Kind.INVALID, "the dose time " + time + " is in the future");
        }
        int allowed = settings(session.bedId()).dosesAllowed();
        Dose dose;
        try {
            // not stated: acceptable when the baseline is taken and the pre-dose gate recommends no withholding
            boolean acceptable = entry.vitalsAcceptable() != null ? entry.vitalsAcceptable()
                    : session.baseline() != null && !preDoseGate(session).withholdRecommended();
            dose = new Dose(entry.drug(), entry.route(), entry.doseMg(), entry.lot(), time, user, acceptable);
        } catch (IllegalArgumentException e) {
            throw new SessionRefusal(Kind.INVALID, e.getMessage());
        }
        if (!session.doses().isEmpty() && time.isBefore(session.doses().get(session.doses().size() - 1).time())) {
            throw new SessionRefusal(Kind.INVALID, "the dose time " + time + " is before the previous dose");
        }
        if (session.doses().size() >= allowed || !repository.addDose(sessionId, dose, allowed, now)) {
            throw new SessionRefusal(Kind.CONFLICT, "session " + sessionId + " has its " + allowed
                    + (allowed == 1 ? " dose" : " doses") + " already; the profile allows no more");
        }
        List<Dose> doses = new ArrayList<>(session.doses());
        doses.add(dose);
        ChairSession dosed = replace(session, session.baseline(), doses, session.assessments(), session.bpScheduledThrough());
        if (doses.size() == 1) setDoseTime(bed(dosed), time, now);
        audit.audit(user, "DOSE_RECORDED", session.bedId(), "session " + sessionId + ": " + dose.drug() + " "
                + dose.doseMg() + " mg " + dose.route() + ", lot " + dose.lot() + ", at " + time
                + ", vitals acceptable before dosing: " + (dose.vitalsAcceptable() ? "yes" : "no"));
        return view(dosed);
    }

    @Override
    public synchronized SessionView assess(String sessionId, AssessmentEntry entry, String user) {
        ChairSession session = running(sessionId);
        SessionAssessment assessment;
        try {
            assessment = new SessionAssessment(clock.instant(), user, entry.sedation(), entry.dissociation(),
                    entry.respiratoryDepression(), entry.note());
        } catch (IllegalArgumentException e) {
            throw new SessionRefusal(Kind.INVALID, e.getMessage());
        }
        if (!repository.addAssessment(sessionId, assessment)) throw signedOff(sessionId);
        List<SessionAssessment> assessments = new ArrayList<>(session.assessments());
        assessments.add(assessment);
        ChairSession assessed = replace(session, session.baseline(), session.doses(), assessments, session.bpScheduledThrough());
        audit.audit(user, "SESSION_ASSESSMENT", session.bedId(), "session " + sessionId + ": MOAA/S " + entry.sedation()
                + ", dissociation " + entry.dissociation() + ", respiratory depression " + entry.respiratoryDepression());
        return view(assessed);
    }

    @Override
    public synchronized SessionView markArtefact(String sessionId, VitalSign vital, Instant time, String reason, String user) {
        ChairSession session = running(sessionId);
        Instant now = clock.instant();
        List<VitalSign> measured = vital.isBloodPressure()
                ? List.of(VitalSign.BP_SYS, VitalSign.BP_DIA, VitalSign.BP_MEAN) : List.of(vital);
        List<Artefact> artefacts = new ArrayList<>();
        for (VitalSign v : measured) {
            boolean present = !samples.samples(session.bedId(), v, time, time.plusNanos(1000)).isEmpty();
            if (present || v == vital) artefacts.add(new Artefact(v, time, reason, user, now));
        }
        if (time.isBefore(session.checkedInAt())) {
            throw new SessionRefusal(Kind.INVALID, "the sample at " + time + " is before the check-in at " + session.checkedInAt());
        }
        String problem = repository.markArtefacts(sessionId, session.bedId(), artefacts);
        if (problem != null) throw new SessionRefusal(Kind.CONFLICT, problem);
        audit.audit(user, "SAMPLE_MARKED_INVALID", session.bedId(), "session " + sessionId + ": "
                + String.join(", ", artefacts.stream().map(a -> a.vital().name()).toList()) + " at " + time + ": " + reason);
        return view(session);
    }

    @Override
    public synchronized SessionView signOff(String sessionId, String overrideReason, String user) {
        ChairSession session = running(sessionId);
        Instant now = clock.instant();
        Readiness readiness = readiness(session, now);
        if (!readiness.met() && overrideReason == null) {
            throw new SessionRefusal(Kind.CONFLICT, "readiness is not met: " + readiness.unmet()
                    + "; give an overrideReason to sign off anyway");
        }
        SignOff signOff = new SignOff(now, user, readiness.met() ? null : overrideReason);
        SessionReport report = report(replace(session, signOff), readiness);
        byte[] pdf = SessionReportPdf.render(report);
        if (!repository.signOff(sessionId, signOff, pdf, SessionResources.of(report))) throw signedOff(sessionId);
        open.remove(session.bedId());
        settling.remove(sessionId);
        BedState bed = bed(session);
        setDoseTime(bed, null, now);
        try {
            await(admissions.discharge(session.bedId()));
            bed.setPatient(null);
        } catch (RuntimeException e) {
            LOG.warn("Session {} signed off, but the discharge of bed {} failed: {}", sessionId, session.bedId(), e.toString());
        }
        audit.audit(user, "SESSION_SIGNED_OFF", session.bedId(), "session " + sessionId
                + (signOff.overrideReason() == null ? "" : ", readiness not met (" + readiness.unmet() + "): " + overrideReason));
        return view(replace(session, signOff));
    }

    @Override
    public Optional<SessionView> find(String sessionId) {
        return repository.find(sessionId).map(this::view);
    }

    @Override
    public byte[] report(String sessionId) {
        if (repository.find(sessionId).isEmpty()) throw new SessionRefusal(Kind.UNKNOWN, "no session '" + sessionId + "'");
        return repository.report(sessionId).orElseThrow(() -> new SessionRefusal(Kind.CONFLICT,
                "session " + sessionId + " is not signed off yet; its report is produced at sign-off"));
    }

    /** What the report of a session signed off as {@code session} holds, from storage. */
    private SessionReport report(ChairSession session, Readiness readiness) {
        Instant from = session.checkedInAt();
        Instant to = session.signOff().at().plusSeconds(1);
        List<Artefact> artefacts = repository.artefacts(session.id());
        Map<VitalSign, List<Sample>> validated = new java.util.EnumMap<>(VitalSign.class);
        for (VitalSign vital : List.of(VitalSign.SPO2, VitalSign.PULSE_RATE, VitalSign.BP_SYS, VitalSign.BP_DIA)) {
            validated.put(vital, samples.samples(session.bedId(), vital, from, to).stream()
                    .filter(s -> artefacts.stream().noneMatch(a -> a.vital() == vital && a.time().equals(s.time()))).toList());
        }
        List<SessionReport.BpMeasurement> pressures = new ArrayList<>();
        for (Sample systolic : validated.get(VitalSign.BP_SYS)) {
            validated.get(VitalSign.BP_DIA).stream().filter(d -> d.time().equals(systolic.time())).findFirst()
                    .ifPresent(d -> pressures.add(new SessionReport.BpMeasurement(systolic.time(), systolic.value(), d.value())));
        }
        List<SessionReport.TrendPoint> trend = new ArrayList<>();
        perMinute("SpO2", validated.get(VitalSign.SPO2), trend);
        perMinute("Pulse", validated.get(VitalSign.PULSE_RATE), trend);
        for (SessionReport.BpMeasurement bp : pressures) {
            trend.add(new SessionReport.TrendPoint("Systolic", bp.at(), bp.systolic()));
            trend.add(new SessionReport.TrendPoint("Diastolic", bp.at(), bp.diastolic()));
        }
        String chair = ward.bed(session.bedId()).map(bed -> bed.config().label()).orElse(session.bedId());
        return new SessionReport(session, chair, pressures, trend, alarmsOf(session, from, to), artefacts, readiness);
    }

    private static void perMinute(String series, List<Sample> samples, List<SessionReport.TrendPoint> trend) {
        Map<Long, double[]> minutes = new java.util.TreeMap<>();
        for (Sample sample : samples) {
            if (Double.isNaN(sample.value())) continue;
            double[] sum = minutes.computeIfAbsent(sample.time().getEpochSecond() / 60, m -> new double[2]);
            sum[0] += sample.value();
            sum[1]++;
        }
        minutes.forEach((minute, sum) -> trend.add(new SessionReport.TrendPoint(series, Instant.ofEpochSecond(minute * 60 + 30),
                sum[0] / sum[1])));
    }

    /** The alarms raised at the bed during the session, from the alarm log, with who acknowledged them. */
    private List<SessionReport.AlarmSummary> alarmsOf(ChairSession session, Instant from, Instant to) {
        Map<String, SessionReport.AlarmSummary> alarms = new java.util.LinkedHashMap<>();
        for (AlarmView entry : alarmLog.history(session.bedId(), from, 10_000)) {
            if (entry.raisedAt() == null || entry.raisedAt().isBefore(from) || entry.raisedAt().isAfter(to)) continue;
            SessionReport.AlarmSummary known = alarms.get(entry.id());
            String by = known == null ? null : known.acknowledgedBy();
            Instant at = known == null ? null : known.acknowledgedAt();
            if ("ACKNOWLEDGED".equals(entry.transition()) && by == null) {
                by = entry.user() != null ? entry.user() : entry.acknowledgedBy();
                at = entry.changedAt();
            }
            alarms.put(entry.id(), new SessionReport.AlarmSummary(entry.rule(), entry.priority(), entry.category(), entry.raisedAt(),
                    known != null && known.value() != null ? known.value() : entry.value(), by, at, entry.message()));
        }
        return List.copyOf(alarms.values());
    }

    @Override
    public List<SessionView> ofBed(String bedId, Instant since) {
        return repository.ofBed(bedId, since).stream().map(this::view).toList();
    }

    @Override
    public Optional<ChairSession> openAt(String bedId) {
        return Optional.ofNullable(open.get(bedId));
    }

    /** The open sessions now, for the schedule. */
    List<ChairSession> openSessions() {
        return List.copyOf(open.values());
    }

    /** Stores the baseline once taken; the session in memory follows only what was stored. */
    synchronized void baselineTaken(ChairSession session, Baseline baseline) {
        ChairSession current = open.get(session.bedId());
        if (current == null || !current.id().equals(session.id()) || current.baseline() != null) return;
        if (repository.recordBaseline(session.id(), baseline)) {
            replace(current, baseline, current.doses(), current.assessments(), current.bpScheduledThrough());
        }
    }

    /**
     * Follows the vitals against the baseline: a reading outside the band starts the stable window
     * again; while pulse or a BP after the dose is missing the criterion is not met, but the window
     * is not restarted by the absence alone.
     */
    void followVitals(ChairSession session, double pulse, double systolic, double diastolic, Instant now) {
        if (session.baseline() == null) return;
        List<String> outside = new BaselineBand(settings(session.bedId()).baselineBand())
                .outside(session.baseline(), pulse, systolic, diastolic);
        Settling before = settling.get(session.id());
        if (!outside.isEmpty()) {
            if (before == null || before.since() != null) {
                LOG.info("Session {} at bed {}: vitals outside the baseline band: {}", session.id(), session.bedId(), outside);
                repository.withinBandSince(session.id(), null);
            }
            settling.put(session.id(), new Settling(false, null, String.join(", ", outside)));
        } else {
            // to the microsecond, as the database keeps it, so that a restart gives the same time back
            Instant since = before == null || before.since() == null ? now.truncatedTo(ChronoUnit.MICROS) : before.since();
            if (before == null || before.since() == null) repository.withinBandSince(session.id(), since);
            settling.put(session.id(), new Settling(true, since, "within the band since " + since));
        }
    }

    /** No current pulse, or no BP since the dose: the vitals criterion cannot be judged now. */
    void vitalsUnknown(ChairSession session, String why) {
        Settling before = settling.get(session.id());
        Instant since = before == null ? null : before.since();
        settling.put(session.id(), new Settling(false, since, since == null ? why : why + "; within the band since " + since));
    }

    /** Records, once, the first moment every automatic criterion held. */
    synchronized void readyAt(ChairSession session, Instant at) {
        ChairSession current = open.get(session.bedId());
        if (current == null || !current.id().equals(session.id()) || current.readyAt() != null) return;
        if (repository.readyAt(session.id(), at)) {
            replace(current, current.baseline(), current.doses(), current.assessments(), current.bpScheduledThrough(), at);
            LOG.info("Session {} at bed {} ready for discharge at {}", session.id(), session.bedId(), at);
        }
    }

    /** Records that the schedule acted on the reading due at {@code due}. */
    synchronized void scheduled(ChairSession session, Instant due) {
        ChairSession current = open.get(session.bedId());
        if (current == null || !current.id().equals(session.id())) return;
        repository.scheduledThrough(session.id(), due);
        replace(current, current.baseline(), current.doses(), current.assessments(), due);
    }

    Optional<BedState> bed(String bedId) {
        return ward.bed(bedId);
    }

    BpSchedule schedule(ChairSession session) {
        return BpSchedule.of(session, bpRule(session.bedId()));
    }

    SessionSettings settings(String bedId) {
        return profile(bedId).map(AlarmProfile::session).orElse(SessionSettings.DEFAULT);
    }

    /** The automatic discharge criteria of a session at {@code now}. */
    Readiness readiness(ChairSession session, Instant now) {
        List<Readiness.Criterion> criteria = new ArrayList<>();
        Duration minimum = settings(session.bedId()).minimumObservation();
        Optional<Instant> dose = session.doseTime();
        if (dose.isEmpty()) {
            criteria.add(new Readiness.Criterion("observed-minimum", false, "no dose recorded"));
        } else {
            Instant from = dose.get().plus(minimum);
            criteria.add(new Readiness.Criterion("observed-minimum", !now.isBefore(from),
                    minimum.toMinutes() + " min after the dose, at " + from));
        }
        Optional<SessionAssessment> latest = session.latestAssessment();
        criteria.add(new Readiness.Criterion("sedation-resolved",
                latest.map(a -> a.sedation() == SessionAssessment.ALERT).orElse(false),
                latest.map(a -> "latest MOAA/S " + a.sedation() + " at " + a.at()).orElse("no assessment yet")));
        criteria.add(new Readiness.Criterion("dissociation-resolved",
                latest.map(a -> !a.dissociation().present()).orElse(false),
                latest.map(a -> "latest: " + a.dissociation().name().toLowerCase()).orElse("no assessment yet")));
        criteria.add(new Readiness.Criterion("no-respiratory-depression",
                latest.map(a -> !a.respiratoryDepression()).orElse(false),
                latest.map(a -> a.respiratoryDepression() ? "present at the latest assessment" : "none at the latest assessment")
                        .orElse("no assessment yet")));
        Duration window = settings(session.bedId()).stableWindow();
        Settling vitals = settling.get(session.id());
        if (session.baseline() == null) {
            criteria.add(new Readiness.Criterion("vitals-at-baseline", false, "no baseline"));
        } else if (vitals == null) {
            criteria.add(new Readiness.Criterion("vitals-at-baseline", false, "not judged yet"));
        } else {
            boolean stable = vitals.current() && vitals.since() != null && !now.isBefore(vitals.since().plus(window));
            criteria.add(new Readiness.Criterion("vitals-at-baseline", stable,
                    vitals.detail() + " (" + window.toMinutes() + " min needed)"));
        }
        long physiological = alarms.alarmsOf(session.bedId()).stream()
                .filter(alarm -> alarm.category().equals(Category.PHYSIOLOGICAL.name())).count();
        criteria.add(new Readiness.Criterion("no-physiological-alarm", physiological == 0,
                physiological == 0 ? "none in force" : physiological + " in force"));
        return Readiness.of(criteria);
    }

    private static SessionView.Patient patientView(Admission patient, PatientHistory history) {
        return new SessionView.Patient(patient.family(), patient.given(), patient.identifierValue(), patient.birthDate(),
                history.sex() == null ? null : history.sex().code(), history.firstTreatment(),
                history.concomitant() == null ? null : history.concomitant().stream().map(PatientHistory.ConcomitantMedicine::code).toList());
    }

    SessionView view(ChairSession session) {
        Instant now = clock.instant();
        Admission patient = session.patient();
        Optional<Instant> dose = session.doseTime();
        BpSchedule schedule = schedule(session);
        Instant end = session.signOff() == null ? now : session.signOff().at();
        List<Artefact> artefacts = repository.artefacts(session.id());
        return new SessionView(session.id(), session.bedId(), session.patientId(),
                patientView(patient, session.history()),
                session.phase(settings(session.bedId()), now).name(), session.checkedInAt(), session.checkedInBy(),
                session.baseline(), preDoseGate(session), session.doses(),
                dose.filter(d -> !d.isAfter(end)).map(d -> Duration.between(d, end).toMinutes()).orElse(null),
                bpReadings(session, schedule, end, artefacts), session.open() ? schedule.next(now).map(BpSchedule.Due::at).orElse(null) : null,
                session.assessments(), artefacts, session.open() ? readiness(session, now) : null, session.readyAt(), session.signOff(), now);
    }

    /** The schedule's readings from the validated samples: those marked as artefacts are left out. */
    private List<SessionView.BpReading> bpReadings(ChairSession session, BpSchedule schedule, Instant end,
                                                   List<Artefact> artefacts) {
        List<Sample> systolic = samples.samples(session.bedId(), VitalSign.BP_SYS, session.checkedInAt(), end.plusSeconds(1))
                .stream().filter(s -> artefacts.stream().noneMatch(a -> a.vital() == VitalSign.BP_SYS && a.time().equals(s.time())))
                .toList();
        List<Sample> diastolic = samples.samples(session.bedId(), VitalSign.BP_DIA, session.checkedInAt(), end.plusSeconds(1));
        Duration grace = schedule.grace();
        List<SessionView.BpReading> readings = new ArrayList<>();
        for (BpSchedule.Due due : schedule.times()) {
            boolean preDose = due.label().equals("pre-dose");
            Instant from = preDose ? session.checkedInAt() : due.at().minus(grace);
            Instant to = preDose ? session.doseTime().orElse(end) : due.at().plus(grace);
            Optional<Sample> measured = systolic.stream()
                    .filter(s -> !s.time().isBefore(from) && !s.time().isAfter(to)).reduce((first, later) -> preDose ? later : first);
            if (measured.isPresent()) {
                Instant at = measured.get().time();
                Double dia = diastolic.stream().filter(s -> s.time().equals(at)).map(Sample::value).findFirst().orElse(null);
                readings.add(new SessionView.BpReading(due.label(), due.at(), "MEASURED", at, measured.get().value(), dia));
                continue;
            }
            String status = end.isBefore(due.at()) ? "UPCOMING" : end.isAfter(to) && !preDose ? "MISSED" : "DUE";
            readings.add(new SessionView.BpReading(due.label(), due.at(), status, null, null, null));
        }
        return readings;
    }

    private SessionView.PreDoseGate preDoseGate(ChairSession session) {
        Baseline baseline = session.baseline();
        if (baseline == null) return new SessionView.PreDoseGate(false, List.of());
        List<String> reasons = new ArrayList<>();
        profile(session.bedId()).ifPresent(profile -> profile.rules().stream()
                .filter(rule -> rule instanceof LimitRule limit && limit.preDoseOnly())
                .map(LimitRule.class::cast)
                .forEach(rule -> {
                    for (Threshold threshold : rule.thresholds()) {
                        Double value = switch (threshold.vital()) {
                            case BP_SYS -> baseline.systolic();
                            case BP_DIA -> baseline.diastolic();
                            case SPO2 -> baseline.spo2();
                            case PULSE_RATE -> baseline.pulse();
                            default -> null;
                        };
                        if (value != null && threshold.comparison().beyond(value, threshold.limit())) {
                            reasons.add(rule.name() + ": " + threshold.vital().name() + " " + value.intValue() + " "
                                    + threshold.comparison().symbol() + " " + (int) threshold.limit());
                        }
                    }
                }));
        return new SessionView.PreDoseGate(!reasons.isEmpty(), reasons);
    }

    private ChairSession running(String sessionId) {
        ChairSession session = open.values().stream().filter(s -> s.id().equals(sessionId)).findFirst().orElse(null);
        if (session != null) return session;
        if (repository.find(sessionId).isPresent()) throw signedOff(sessionId);
        throw new SessionRefusal(Kind.UNKNOWN, "no session '" + sessionId + "'; check the patient in first");
    }

    private static SessionRefusal signedOff(String sessionId) {
        return new SessionRefusal(Kind.CONFLICT, "session " + sessionId + " is signed off and takes no more changes");
    }

    private ChairSession replace(ChairSession s, Baseline baseline, List<Dose> doses, List<SessionAssessment> assessments,
                                 Instant scheduledThrough) {
        return replace(s, baseline, doses, assessments, scheduledThrough, s.readyAt());
    }

    private ChairSession replace(ChairSession s, Baseline baseline, List<Dose> doses, List<SessionAssessment> assessments,
                                 Instant scheduledThrough, Instant readyAt) {
        ChairSession updated = new ChairSession(s.id(), s.bedId(), s.patientId(), s.patient(), s.checkedInAt(), s.checkedInBy(),
                baseline, doses, assessments, scheduledThrough, readyAt, null, s.history());
        open.put(s.bedId(), updated);
        return updated;
    }

    private static ChairSession replace(ChairSession s, SignOff signOff) {
        return new ChairSession(s.id(), s.bedId(), s.patientId(), s.patient(), s.checkedInAt(), s.checkedInBy(),
                s.baseline(), s.doses(), s.assessments(), s.bpScheduledThrough(), s.readyAt(), signOff, s.history());
    }

    private BedState bed(ChairSession session) {
        return ward.bed(session.bedId()).orElseThrow(() -> new IllegalStateException("no bed " + session.bedId()));
    }

    private Optional<AlarmProfile> profile(String bedId) {
        return ward.bed(bedId).map(bed -> profiles.get(bed.config().alarmProfile()));
    }

    private BpDueRule bpRule(String bedId) {
        return profile(bedId).flatMap(profile -> profile.rules().stream()
                .filter(BpDueRule.class::isInstance).map(BpDueRule.class::cast).findFirst()).orElse(BpSchedule.FALLBACK);
    }

    private void setDoseTime(BedState bed, Instant dose, Instant now) {
        await(alarms.onBedAlarms(bed, bedAlarms -> {
            bedAlarms.setDoseTime(dose, now);
            return null;
        }));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + ANSWER.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
