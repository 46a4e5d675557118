package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vigil.alerting.AlarmChange.Transition;
import org.vigil.alerting.news2.Consciousness;
import org.vigil.alerting.news2.News2;
import org.vigil.alerting.news2.News2Parameter;
import org.vigil.alerting.news2.News2Score;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.BpDueRule;
import org.vigil.alerting.profile.DataStaleRule;
import org.vigil.alerting.profile.DeviceRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.News2Rule;
import org.vigil.alerting.profile.PhaseOverride;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * The alarms of one bed running one profile. Readings, device events, clinician entries and time
 * go in; every alarm state change goes out to the {@link AlarmListener}. Time is whatever the
 * caller passes ({@link Reading#receivedAt()}, {@link DeviceEvent#time()} or {@code now}); nothing
 * here reads a clock or starts a thread. Not thread-safe: call it from one thread.
 */
public final class BedAlarms {

    static final long NEVER = Long.MIN_VALUE;
    private static final VitalSign[] VITALS = VitalSign.values();
    private static final LimitDetector[] NO_DETECTORS = new LimitDetector[0];
    private static final int[] NO_INDEXES = new int[0];

    private final String bedId;
    private final AlarmListener listener;
    private AlarmProfile profile;
    private BedSettings settings;

    private final Map<String, OpenAlarm> open = new LinkedHashMap<>();
    private final List<Detector> detectors = new ArrayList<>();
    private LimitDetector[][] limitByVital = new LimitDetector[VITALS.length][];
    private int[][] thresholdByVital = new int[VITALS.length][];
    private final Map<DeviceEvent.Kind, List<DeviceDetector>> deviceDetectors = new EnumMap<>(DeviceEvent.Kind.class);

    private final long[] lastSample = new long[VITALS.length];
    private Instant lastBloodPressure;
    private Instant doseTime;
    private SessionPhase phase = SessionPhase.PRE_DOSE;
    /** The rules the current phase's overrides replaced, as they were before, by rule id. */
    private final Map<String, LimitRule> beforePhase = new LinkedHashMap<>();
    private final Map<String, Instant> cuffInflating = new LinkedHashMap<>();

    private final double[] news2Values = new double[News2Parameter.values().length];
    private final long[] news2At = new long[News2Parameter.values().length];
    private Assessment assessment;

    private Instant pausedUntil;
    private String pausedBy;
    private final Set<String> pausedIds = new HashSet<>();

    BedAlarms(String bedId, AlarmProfile profile, BedSettings settings, AlarmListener listener) {
        this.bedId = Objects.requireNonNull(bedId, "bedId");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        Arrays.fill(lastSample, NEVER);
        Arrays.fill(news2At, NEVER);
        for (AlarmRule rule : profile.rules()) detectors.add(detectorFor(rule));
        index();
    }

    public String bedId() { return bedId; }

    public AlarmProfile profile() { return profile; }

    public BedSettings settings() { return settings; }

    public void settings(BedSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** The hot path: one reading, timed by its {@link Reading#receivedAt()}. */
    public void onReading(Reading reading) {
        Instant now = reading.receivedAt();
        VitalSign vital = reading.vital();
        int ordinal = vital.ordinal();
        long nowMillis = now.toEpochMilli();
        lastSample[ordinal] = nowMillis;
        if (!reading.isUsable()) return;
        double value = reading.value();
        if (vital.isBloodPressure()) lastBloodPressure = now;
        if (vital == VitalSign.SPO2 && spo2Held(now)) return;
        News2Parameter parameter = News2Parameter.of(vital);
        if (parameter != null) {
            news2Values[parameter.ordinal()] = value;
            news2At[parameter.ordinal()] = nowMillis;
        }
        LimitDetector[] targets = limitByVital[ordinal];
        if (targets.length == 0) return;
        int[] indexes = thresholdByVital[ordinal];
        long measuredAt = reading.effectiveTime().toEpochMilli();
        for (int i = 0; i < targets.length; i++) targets[i].onReading(indexes[i], value, measuredAt, now);
    }

    public void onDeviceEvent(DeviceEvent event) {
        String device = event.deviceId();
        switch (event.kind()) {
            case CONNECTED, STREAMING -> {
                endDeviceCondition(DeviceEvent.Kind.SILENT, device);
                endDeviceCondition(DeviceEvent.Kind.DISCONNECTED, device);
            }
            case SILENT -> {
                endDeviceCondition(DeviceEvent.Kind.DISCONNECTED, device);
                startDeviceCondition(event);
            }
            case DISCONNECTED -> {
                endDeviceCondition(DeviceEvent.Kind.SILENT, device);
                cuffInflating.remove(device);
                startDeviceCondition(event);
            }
            case CUFF_INFLATING -> {
                if (event.active()) cuffInflating.putIfAbsent(device, event.time());
                else cuffInflating.remove(device);
            }
            default -> {
                if (event.active()) startDeviceCondition(event);
                else endDeviceCondition(event.kind(), device);
            }
        }
        for (List<DeviceDetector> list : deviceDetectors.values()) {
            for (DeviceDetector detector : list) detector.tick(event.time());
        }
    }

    /**
     * When the earliest pending limit condition's delay ends, so that the caller can tick at that
     * instant instead of waiting for its next periodic tick; {@code null} when none is pending.
     */
    public Instant nextDelayEnd() {
        long earliest = Long.MAX_VALUE;
        for (Detector detector : detectors) {
            if (detector instanceof LimitDetector limit) earliest = Math.min(earliest, limit.delayEndsAtMillis());
        }
        return earliest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(earliest);
    }

    /** Advances time: delays, schedules, staleness, NEWS2, reminders, escalation, pause expiry. */
    public void tick(Instant now) {
        followPhase(now);
        if (pausedUntil != null && !now.isBefore(pausedUntil)) resume(null, now);
        for (Detector detector : detectors) detector.tick(now);
        Duration reminder = profile.reminderInterval();
        for (OpenAlarm alarm : open.values()) {
            if (alarm.state == AlarmState.ACKNOWLEDGED && !now.isBefore(alarm.acknowledgedAt.plus(reminder))) {
                alarm.state = AlarmState.ACTIVE;
                alarm.escalated = false;
                alarm.unacknowledgedSince = now;
                alarm.changedAt = now;
                emit(Transition.REMINDED, alarm, null);
            }
            Duration escalateAfter = profile.escalateAfter().get(alarm.priority);
            if (escalateAfter != null && alarm.awaitsAcknowledgement() && !alarm.escalated
                    && !now.isBefore(alarm.unacknowledgedSince.plus(escalateAfter))) {
                alarm.escalated = true;
                alarm.changedAt = now;
                emit(Transition.ESCALATED, alarm, null);
            }
        }
    }

    /** Sets the session's dose time, which the BP schedule and the pre-dose rules follow; {@code null} ends the session. */
    public void setDoseTime(Instant dose, Instant now) {
        this.doseTime = dose;
        tick(now);
    }

    public Instant doseTime() { return doseTime; }

    /** The session phase whose overrides are in force. */
    public SessionPhase phase() { return phase; }

    /**
     * On a phase boundary, puts back what the ending phase's overrides replaced and applies the new
     * phase's; each change goes to {@link AlarmListener#ruleChanged}, timed at the boundary.
     */
    private void followPhase(Instant now) {
        SessionPhase next = SessionPhase.at(doseTime, profile.session(), now);
        if (next == phase) return;
        SessionPhase ending = phase;
        phase = next;
        Instant boundary = next == SessionPhase.PRE_DOSE ? now : next.startOf(doseTime, profile.session());
        String by = "profile: " + next.name().toLowerCase().replace('_', '-') + " phase";
        for (PhaseOverride override : profile.session().overridesOf(ending)) {
            LimitRule before = beforePhase.remove(override.ruleId());
            if (before == null) continue;
            replaceBySession(override.revert((LimitRule) rule(override.ruleId()), before), by, boundary);
        }
        beforePhase.clear();
        for (PhaseOverride override : profile.session().overridesOf(next)) {
            LimitRule current = (LimitRule) rule(override.ruleId());
            beforePhase.put(override.ruleId(), current);
            replaceBySession(override.applyTo(current), by, boundary);
        }
    }

    private void replaceBySession(AlarmRule replacement, String by, Instant at) {
        AlarmRule before = replace(replacement);
        listener.ruleChanged(new RuleChange(bedId, replacement.id(), before, replacement, by, at), profile.rules());
    }

    /**
     * The clinician's NEWS2 entry: ACVPU consciousness and whether the patient is on oxygen.
     *
     * @return the entry, for the gateway's audit log
     */
    public Assessment assessment(Consciousness level, boolean oxygen, String user, Instant now) {
        assessment = new Assessment(bedId, level, oxygen, user, now);
        tick(now);
        return assessment;
    }

    /** The latest clinician entry, or {@code null} before the first. */
    public Assessment assessment() { return assessment; }

    // ---- people acting ------------------------------------------------------------------------

    /**
     * Acknowledges an open alarm. An active one stays visible as acknowledged while its condition
     * persists; a latched one whose condition has ended is resolved.
     */
    public Optional<Alarm> acknowledge(String alarmId, String user, Instant now) {
        Objects.requireNonNull(user, "user");
        OpenAlarm alarm = findOpen(alarmId);
        if (alarm == null) return Optional.empty();
        alarm.acknowledgedBy = user;
        alarm.acknowledgedAt = now;
        alarm.changedAt = now;
        if (alarm.state == AlarmState.LATCHED) {
            alarm.state = AlarmState.ENDED;
            open.remove(alarm.ruleId);
        } else {
            alarm.state = AlarmState.ACKNOWLEDGED;
        }
        return Optional.of(emit(Transition.ACKNOWLEDGED, alarm, user));
    }

    /** Pauses the bed's audio for the profile's pause time; alarms raised during it still sound. */
    public AudioState pauseAudio(String user, Instant now) {
        Objects.requireNonNull(user, "user");
        List<OpenAlarm> silenced = new ArrayList<>();
        for (OpenAlarm alarm : open.values()) {
            if (audible(alarm)) silenced.add(alarm);
            pausedIds.add(alarm.id);
        }
        pausedUntil = now.plus(profile.audioPause());
        pausedBy = user;
        for (OpenAlarm alarm : silenced) {
            alarm.changedAt = now;
            emit(Transition.AUDIO_PAUSED, alarm, user);
        }
        AudioState state = audio(now);
        listener.audioChanged(bedId, state);
        return state;
    }

    /** Ends an audio pause early. */
    public void resumeAudio(String user, Instant now) {
        if (pausedUntil != null) resume(user, now);
    }

    public AudioState audio(Instant now) {
        if (pausedUntil == null) return AudioState.NOT_PAUSED;
        Duration remaining = Duration.between(now, pausedUntil);
        return new AudioState(true, pausedUntil, remaining.isNegative() ? Duration.ZERO : remaining, pausedBy);
    }

    // ---- gateway-level technical alarms ---------------------------------------------------------

    /** Raises a technical alarm the gateway detects itself (storage failing, export failing...). */
    public void raiseTechnical(String code, Priority priority, String detail, Instant now) {
        if (profile.rule(code).isPresent()) {
            throw new IllegalArgumentException(code + " is a profile rule id, not a gateway code");
        }
        conditionPresent(code, Category.TECHNICAL, priority, false, Double.NaN, Double.NaN, detail, now);
    }

    public void clearTechnical(String code, Instant now) {
        conditionAbsent(code, Double.NaN, now);
    }

    // ---- rules at run time ----------------------------------------------------------------------

    public AlarmRule rule(String ruleId) {
        return profile.rule(ruleId).orElseThrow(() -> new IllegalArgumentException("no rule " + ruleId));
    }

    /**
     * Replaces one rule's settings for this bed. The replacement keeps the rule's id and kind and
     * may not lower its priority (IEC 60601-1-8: priority comes from the risk analysis).
     */
    public RuleChange changeRule(AlarmRule replacement, String user, Instant now) {
        Objects.requireNonNull(user, "user");
        AlarmRule before = rule(replacement.id());
        if (before.getClass() != replacement.getClass()) {
            throw new IllegalArgumentException(before.id() + " cannot change its kind");
        }
        if (replacement.priority().compareTo(before.priority()) < 0) {
            throw new IllegalArgumentException(before.id() + ": priority cannot be lowered at the bedside");
        }
        replace(replacement);
        tick(now);
        return new RuleChange(bedId, replacement.id(), before, replacement, user, now);
    }

    /** Swaps a rule and its detector; an alarm it had raised stays open. Returns the rule replaced. */
    private AlarmRule replace(AlarmRule replacement) {
        AlarmRule before = rule(replacement.id());
        List<AlarmRule> rules = new ArrayList<>(profile.rules());
        int at = rules.indexOf(before);
        rules.set(at, replacement);
        profile = profile.withRules(rules);
        Detector detector = detectorFor(replacement);
        if (detector instanceof DeviceDetector device && detectors.get(at) instanceof DeviceDetector old) {
            device.takeOver(old);
        }
        detectors.set(at, detector);
        OpenAlarm alarm = open.get(replacement.id());
        if (alarm != null && alarm.state != AlarmState.LATCHED) detector.assumeRaised();
        index();
        return before;
    }

    /** Sets the limit of a single-threshold limit rule. */
    public RuleChange changeLimit(String ruleId, double limit, String user, Instant now) {
        if (!(rule(ruleId) instanceof LimitRule limitRule)) {
            throw new IllegalArgumentException(ruleId + " has no limit");
        }
        return changeRule(limitRule.withLimit(limit), user, now);
    }

    // ---- state out ----------------------------------------------------------------------------

    /** The bed's open alarms, in the order they were raised. */
    public List<Alarm> alarms() {
        List<Alarm> snapshot = new ArrayList<>(open.size());
        for (OpenAlarm alarm : open.values()) snapshot.add(alarm.snapshot(bedId, audible(alarm)));
        return snapshot;
    }

    public Optional<Alarm> alarm(String alarmId) {
        OpenAlarm alarm = findOpen(alarmId);
        return alarm == null ? Optional.empty() : Optional.of(alarm.snapshot(bedId, audible(alarm)));
    }

    /** Whether any alarm of the bed is sounding now. */
    public boolean audible() {
        for (OpenAlarm alarm : open.values()) {
            if (audible(alarm)) return true;
        }
        return false;
    }

    /** NEWS2 from the latest values young enough to count; older or missing ones leave it incomplete. */
    public News2Score news2(Instant now) {
        Map<News2Parameter, Integer> scores = new EnumMap<>(News2Parameter.class);
        Set<News2Parameter> missing = EnumSet.noneOf(News2Parameter.class);
        for (News2Parameter parameter : News2Parameter.values()) {
            int score = news2Score(parameter, now.toEpochMilli());
            if (score < 0) missing.add(parameter);
            else scores.put(parameter, score);
        }
        return new News2Score(scores, missing);
    }

    /**
     * Re-instates latched alarms the gateway persisted before a restart. Only open alarms of this
     * bed whose rule latches are restored; the others come back from live data if still present.
     * A restored unacknowledged alarm is taken as still present until a reading says otherwise.
     *
     * @return the alarms restored
     */
    public List<Alarm> restore(List<Alarm> persisted, Instant now) {
        List<Alarm> restored = new ArrayList<>();
        for (Alarm saved : persisted) {
            Optional<AlarmRule> rule = profile.rule(saved.ruleId());
            if (!saved.bedId().equals(bedId) || !saved.state().isOpen() || rule.isEmpty()
                    || !rule.get().latching() || open.containsKey(saved.ruleId())) {
                continue;
            }
            OpenAlarm alarm = new OpenAlarm(saved.id(), saved.ruleId(), saved.category(), saved.priority(), true,
                    saved.raisedAt(), saved.state());
            alarm.value = saved.value();
            alarm.limit = saved.limit();
            alarm.message = saved.message();
            alarm.acknowledgedBy = saved.acknowledgedBy();
            alarm.acknowledgedAt = now;
            alarm.escalated = saved.escalated();
            alarm.unacknowledgedSince = now;
            alarm.changedAt = now;
            open.put(alarm.ruleId, alarm);
            if (alarm.state != AlarmState.LATCHED) detectors.get(profile.rules().indexOf(rule.get())).assumeRaised();
            restored.add(emit(Transition.RESTORED, alarm, null));
        }
        return restored;
    }

    /** Ends every open alarm, reporting each, when the bed stops being monitored. */
    void close(Instant now) {
        for (OpenAlarm alarm : new ArrayList<>(open.values())) {
            alarm.state = AlarmState.ENDED;
            alarm.changedAt = now;
            open.remove(alarm.ruleId);
            emit(Transition.ENDED, alarm, null);
        }
        pausedUntil = null;
        pausedIds.clear();
    }

    boolean news2Complete(Instant now) {
        long nowMillis = now.toEpochMilli();
        for (News2Parameter parameter : News2Parameter.values()) {
            if (news2Score(parameter, nowMillis) < 0) return false;
        }
        return true;
    }

    // ---- what detectors call --------------------------------------------------------------------

    void conditionPresent(AlarmRule rule, double value, double limit, String message, Instant now) {
        conditionPresent(rule.id(), rule.category(), rule.priority(), rule.latching(), value, limit, message, now);
    }

    private void conditionPresent(String ruleId, Category category, Priority priority, boolean latching,
                                  double value, double limit, String message, Instant now) {
        OpenAlarm alarm = open.get(ruleId);
        if (alarm == null) {
            alarm = new OpenAlarm(Alarm.idFor(bedId, ruleId, now), ruleId, category, priority, latching, now,
                    AlarmState.ACTIVE);
            alarm.value = value;
            alarm.limit = limit;
            alarm.message = message;
            open.put(ruleId, alarm);
            emit(Transition.RAISED, alarm, null);
            return;
        }
        alarm.value = value;
        alarm.limit = limit;
        if (alarm.state == AlarmState.LATCHED) {
            alarm.state = AlarmState.ACTIVE;
            alarm.message = message;
            alarm.changedAt = now;
            emit(Transition.REACTIVATED, alarm, null);
        }
    }

    void conditionAbsent(String ruleId, double value, Instant now) {
        OpenAlarm alarm = open.get(ruleId);
        if (alarm == null) return;
        if (!Double.isNaN(value)) alarm.value = value;
        if (alarm.state == AlarmState.LATCHED) return;
        alarm.changedAt = now;
        if (alarm.state == AlarmState.ACTIVE && alarm.latching) {
            alarm.state = AlarmState.LATCHED;
            emit(Transition.LATCHED, alarm, null);
        } else {
            alarm.state = AlarmState.ENDED;
            open.remove(ruleId);
            pausedIds.remove(alarm.id);
            emit(Transition.ENDED, alarm, null);
        }
    }

    /** The latest value of a present condition, without an event. */
    void conditionValue(String ruleId, double value) {
        OpenAlarm alarm = open.get(ruleId);
        if (alarm != null) alarm.value = value;
    }

    boolean doseGiven(Instant now) {
        return doseTime != null && !now.isBefore(doseTime);
    }

    Instant lastBloodPressure() { return lastBloodPressure; }

    long lastSampleMillis(VitalSign vital) { return lastSample[vital.ordinal()]; }

    BpDueRule bpSchedule() {
        for (AlarmRule rule : profile.rules()) {
            if (rule instanceof BpDueRule schedule) return schedule;
        }
        return null;
    }

    int news2Total(Instant now) {
        long nowMillis = now.toEpochMilli();
        int total = 0;
        for (News2Parameter parameter : News2Parameter.values()) total += Math.max(0, news2Score(parameter, nowMillis));
        return total;
    }

    boolean news2AnySingleRed(Instant now) {
        long nowMillis = now.toEpochMilli();
        for (News2Parameter parameter : News2Parameter.values()) {
            if (news2Score(parameter, nowMillis) == News2.SINGLE_PARAMETER_RED) return true;
        }
        return false;
    }

    // ---- internals ----------------------------------------------------------------------------

    /** A parameter's score, or -1 when it has no value young enough to count. */
    private int news2Score(News2Parameter parameter, long nowMillis) {
        var settings = profile.news2();
        switch (parameter) {
            case CONSCIOUSNESS, AIR_OR_OXYGEN -> {
                if (assessment == null
                        || nowMillis - assessment.at().toEpochMilli() > settings.assessmentMaxAge().toMillis()) {
                    return -1;
                }
                return parameter == News2Parameter.CONSCIOUSNESS
                        ? News2.consciousness(assessment.consciousness()) : News2.airOrOxygen(assessment.onOxygen());
            }
            default -> {
                long at = news2At[parameter.ordinal()];
                Duration maxAge = switch (parameter) {
                    case SYSTOLIC_BP -> settings.bpMaxAge();
                    case TEMPERATURE -> settings.temperatureMaxAge();
                    default -> settings.continuousMaxAge();
                };
                if (at == NEVER || nowMillis - at > maxAge.toMillis()) return -1;
                return News2.score(parameter, news2Values[parameter.ordinal()]);
            }
        }
    }

    /** SpO2 alarms are held while a cuff on the same limb inflates, for at most the profile's bound. */
    private boolean spo2Held(Instant now) {
        if (!settings.cuffSameLimbAsSpo2() || cuffInflating.isEmpty()) return false;
        Instant since = cuffInflating.values().iterator().next();
        return now.isBefore(since.plus(profile.cuffHoldMax()));
    }

    private void startDeviceCondition(DeviceEvent event) {
        for (DeviceDetector detector : deviceDetectors.getOrDefault(event.kind(), List.of())) detector.started(event);
    }

    private void endDeviceCondition(DeviceEvent.Kind kind, String deviceId) {
        for (DeviceDetector detector : deviceDetectors.getOrDefault(kind, List.of())) detector.ended(deviceId);
    }

    private void resume(String user, Instant now) {
        List<OpenAlarm> wereSilenced = new ArrayList<>();
        for (OpenAlarm alarm : open.values()) {
            if (!audible(alarm) && audibleUnpaused(alarm)) wereSilenced.add(alarm);
        }
        pausedUntil = null;
        pausedBy = null;
        pausedIds.clear();
        for (OpenAlarm alarm : wereSilenced) {
            alarm.changedAt = now;
            emit(Transition.AUDIO_RESUMED, alarm, user);
        }
        listener.audioChanged(bedId, AudioState.NOT_PAUSED);
    }

    /** Sounds unless acknowledged or informational; during a pause only alarms new to it sound. */
    private boolean audible(OpenAlarm alarm) {
        return audibleUnpaused(alarm) && !(pausedUntil != null && pausedIds.contains(alarm.id));
    }

    private static boolean audibleUnpaused(OpenAlarm alarm) {
        return alarm.awaitsAcknowledgement() && alarm.priority != Priority.INFORMATIONAL;
    }

    private OpenAlarm findOpen(String alarmId) {
        for (OpenAlarm alarm : open.values()) {
            if (alarm.id.equals(alarmId)) return alarm;
        }
        return null;
    }

    private Alarm emit(Transition transition, OpenAlarm alarm, String user) {
        Alarm snapshot = alarm.snapshot(bedId, audible(alarm));
        listener.alarmChanged(new AlarmChange(transition, snapshot, user));
        return snapshot;
    }

    private Detector detectorFor(AlarmRule rule) {
        if (rule instanceof LimitRule limit) return new LimitDetector(this, limit);
        if (rule instanceof DeviceRule device) return new DeviceDetector(this, device);
        if (rule instanceof BpDueRule due) return new BpDueDetector(this, due);
        if (rule instanceof DataStaleRule stale) return new StaleDetector(this, stale);
        if (rule instanceof News2Rule news2) return new News2Detector(this, news2);
        throw new IllegalArgumentException("unknown rule " + rule);
    }

    /** Rebuilds the per-vital dispatch tables and the device-event routing. */
    private void index() {
        List<List<LimitDetector>> byVital = new ArrayList<>();
        List<List<Integer>> indexes = new ArrayList<>();
        for (int i = 0; i < VITALS.length; i++) {
            byVital.add(new ArrayList<>());
            indexes.add(new ArrayList<>());
        }
        deviceDetectors.clear();
        for (Detector detector : detectors) {
            if (detector instanceof LimitDetector limit) {
                var thresholds = limit.rule.thresholds();
                for (int t = 0; t < thresholds.size(); t++) {
                    int vital = thresholds.get(t).vital().ordinal();
                    byVital.get(vital).add(limit);
                    indexes.get(vital).add(t);
                }
            } else if (detector instanceof DeviceDetector device) {
                deviceDetectors.computeIfAbsent(device.rule.event(), k -> new ArrayList<>()).add(device);
            }
        }
        LimitDetector[][] newByVital = new LimitDetector[VITALS.length][];
        int[][] newIndexes = new int[VITALS.length][];
        for (int v = 0; v < VITALS.length; v++) {
            List<LimitDetector> list = byVital.get(v);
            newByVital[v] = list.isEmpty() ? NO_DETECTORS : list.toArray(new LimitDetector[0]);
            newIndexes[v] = list.isEmpty() ? NO_INDEXES : indexes.get(v).stream().mapToInt(Integer::intValue).toArray();
        }
        limitByVital = newByVital;
        thresholdByVital = newIndexes;
    }
}
