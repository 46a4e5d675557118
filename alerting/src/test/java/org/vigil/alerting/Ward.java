package org.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vigil.alerting.AlarmChange.Transition;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * One monitored bed under test, with a clock the test moves by hand and a listener that records
 * every change. Time only moves when a test says so; each second moved is one tick.
 */
final class Ward implements AlarmListener {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final String BED = "bed-1";
    static final String OXIMETER = "oximeter-1";
    static final String NIBP = "nibp-1";

    final List<AlarmChange> changes = new ArrayList<>();
    final List<AudioState> audioChanges = new ArrayList<>();
    final List<RuleChange> ruleChanges = new ArrayList<>();
    final AlarmEngine engine = new AlarmEngine(this);
    final BedAlarms bed;
    Instant now = START;

    private Ward(AlarmProfile profile, BedSettings settings) {
        bed = engine.addBed(BED, profile, settings);
        engine.assignDevice(OXIMETER, BED);
        engine.assignDevice(NIBP, BED);
    }

    static Ward givenABedWith(AlarmRule... rules) {
        return givenABedWith(AlarmProfile.of("test", Arrays.asList(rules)));
    }

    static Ward givenABedWith(AlarmProfile profile) {
        return new Ward(profile, BedSettings.DEFAULT);
    }

    static Ward givenABedWith(AlarmProfile profile, BedSettings settings) {
        return new Ward(profile, settings);
    }

    @Override
    public void alarmChanged(AlarmChange change) {
        changes.add(change);
    }

    @Override
    public void ruleChanged(RuleChange change, List<AlarmRule> rulesInForce) {
        ruleChanges.add(change);
    }

    @Override
    public void audioChanged(String bedId, AudioState audio) {
        audioChanges.add(audio);
    }

    // ---- time and inputs ----------------------------------------------------------------------

    /** Moves the clock by whole seconds, ticking once a second. */
    Ward after(long seconds) {
        for (long s = 0; s < seconds; s++) {
            now = now.plusSeconds(1);
            engine.tick(now);
        }
        return this;
    }

    /** Moves the clock by {@code millis}, ticking every 250 ms as the gateway does. */
    Ward afterMillis(long millis) {
        long left = millis;
        while (left > 0) {
            long step = Math.min(250, left);
            now = now.plusMillis(step);
            engine.tick(now);
            left -= step;
        }
        return this;
    }

    Ward after(Duration duration) {
        return after(duration.toSeconds());
    }

    /** A reading now, from the device that measures it. */
    Ward reading(VitalSign vital, double value) {
        engine.onReading(Reading.of(deviceFor(vital), vital, value, now));
        return this;
    }

    Ward unusableReading(VitalSign vital, Quality.Flag flag) {
        engine.onReading(new Reading(deviceFor(vital), vital, Double.NaN, vital.ucum(), null, now, Quality.of(flag)));
        return this;
    }

    /** One reading a second for {@code seconds} seconds, ticking between them. */
    Ward holds(VitalSign vital, double value, long seconds) {
        for (long s = 0; s < seconds; s++) {
            after(1);
            reading(vital, value);
        }
        return this;
    }

    /** A blood-pressure measurement: systolic and diastolic sharing one measured time. */
    Ward bloodPressure(double systolic, double diastolic) {
        engine.onReading(new Reading(NIBP, VitalSign.BP_SYS, systolic, "mm[Hg]", now, now, Quality.VALID));
        engine.onReading(new Reading(NIBP, VitalSign.BP_DIA, diastolic, "mm[Hg]", now, now, Quality.VALID));
        return this;
    }

    Ward deviceReports(String device, DeviceEvent.Kind kind, boolean active) {
        engine.onDeviceEvent(new DeviceEvent(device, kind, active, "", now));
        return this;
    }

    Ward acknowledge(String ruleId, String user) {
        engine.acknowledge(alarm(ruleId).orElseThrow().id(), user, now);
        return this;
    }

    // ---- what came out ------------------------------------------------------------------------

    Optional<Alarm> alarm(String ruleId) {
        return bed.alarms().stream().filter(a -> a.ruleId().equals(ruleId)).findFirst();
    }

    Alarm openAlarm(String ruleId) {
        return alarm(ruleId).orElseThrow(() -> new AssertionError("no open alarm " + ruleId + "; changes: " + changes));
    }

    List<Transition> transitions(String ruleId) {
        return changes.stream().filter(c -> c.alarm().ruleId().equals(ruleId)).map(AlarmChange::transition).toList();
    }

    List<AlarmChange> raised() {
        return changes.stream().filter(c -> c.transition() == Transition.RAISED).toList();
    }

    Optional<AlarmChange> last(String ruleId) {
        List<AlarmChange> of = changes.stream().filter(c -> c.alarm().ruleId().equals(ruleId)).toList();
        return of.isEmpty() ? Optional.empty() : Optional.of(of.get(of.size() - 1));
    }

    private static String deviceFor(VitalSign vital) {
        return vital.isBloodPressure() ? NIBP : OXIMETER;
    }
}
