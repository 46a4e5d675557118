package org.vigil.simulators.scenario;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.simulators.transport.CablePull;
import org.vigil.simulators.transport.LineFault;
import org.vigil.simulators.transport.NoisyLine;

/**
 * The scenarios a simulator can play, by the name used on the command line. Timings follow the
 * clinic's ketamine-session protocol and its starting alarm limits (SpO2 &lt; 92 / &lt; 88,
 * HR &lt;= 40, SBP &gt; 180 or DBP &gt; 110).
 */
public final class Scenarios {

    public static final Duration DESATURATION_ONSET = ofSeconds(30);
    public static final Duration DOSE_AT = ofSeconds(60);
    public static final Duration BRADYCARDIA_ONSET = ofSeconds(30);
    /** In the whole-session scenario: check-in and baseline first, the dose at 5 minutes. */
    public static final Duration SESSION_DOSE_AT = ofMinutes(5);
    public static final Duration SENSOR_OFF_AT = ofSeconds(20);
    /** Artifact bursts repeat with this cycle; the burst lengths vary within it. */
    public static final Duration ARTIFACT_CYCLE = ofSeconds(30);

    private static final long[] BURST_LENGTH_SECONDS = {4, 7, 5, 8};
    private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

    static {
        for (Scenario scenario : List.of(normal(), desaturation(), ketamineHypertension(), bradycardia(),
                sensorOff(), cablePull(CablePull.DEFAULT_AFTER, CablePull.DEFAULT_PERIOD), garbage(), artifact(), ketamineSession())) {
            BY_NAME.put(scenario.name(), scenario);
        }
    }

    private Scenarios() {
    }

    public static Scenario byName(String name) {
        Scenario scenario = BY_NAME.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()));
        }
        return scenario;
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** A healthy adult at rest; stays clear of every starting alarm limit for hours. */
    public static Scenario normal() {
        return new Scenario("normal", "healthy adult at rest", Timeline.constant(Targets.RESTING), LineFault.Factory.NONE);
    }

    /** SpO2 falls to about 85 % from 30 s, holds for ten minutes (both SpO2 alarms), then recovers. */
    public static Scenario desaturation() {
        Targets hypoxic = Targets.RESTING.withSpo2(84.5).withPulseRate(88).withRespRate(20);
        Timeline timeline = Keyframes.startingWith(Targets.RESTING)
                .holdUntil(DESATURATION_ONSET)
                .at(DESATURATION_ONSET.plusSeconds(30), hypoxic)
                .holdUntil(ofMinutes(10))
                .at(ofMinutes(11), Targets.RESTING)
                .build();
        return new Scenario("desaturation", "SpO2 falls to ~85 % after 30 s, recovers after 10 min",
                timeline, LineFault.Factory.NONE);
    }

    /**
     * Dose at one minute; BP climbs to about 192/116 over ten minutes, plateaus, and is back at
     * baseline by 90 minutes, as in the transient hypertension seen after esketamine.
     */
    public static Scenario ketamineHypertension() {
        Targets peak = Targets.RESTING.withPressure(192, 116).withPulseRate(90);
        Timeline timeline = Keyframes.startingWith(Targets.RESTING)
                .holdUntil(DOSE_AT)
                .at(DOSE_AT.plus(ofMinutes(10)), peak)
                .holdUntil(ofMinutes(30))
                .at(ofMinutes(85), Targets.RESTING)
                .build();
        return new Scenario("ketamine-hypertension", "BP rises to ~190/115 within 10 min of the dose, back by 90 min",
                timeline, LineFault.Factory.NONE);
    }

    /**
     * A whole monitored session: a resting baseline, the dose at 5 min, blood pressure rising to
     * about 190/116 within 15 min of it, holding to 45 min (past the +40 min reading and its repeat)
     * and back at baseline by 90 min, and a desaturation to about
     * 86 % in the onset phase (from 10 to 13 min after the dose), then a calm recovery to 2 h 30.
     */
    public static Scenario ketamineSession() {
        Duration dose = SESSION_DOSE_AT;
        Targets rising = Targets.RESTING.withPressure(165, 100).withPulseRate(86);
        Targets hypoxic = rising.withPressure(180, 108).withSpo2(86).withRespRate(10);
        Targets peak = Targets.RESTING.withPressure(190, 116).withPulseRate(88);
        Timeline timeline = Keyframes.startingWith(Targets.RESTING)
                .holdUntil(dose)
                .at(dose.plus(ofMinutes(8)), rising)
                .at(dose.plus(ofMinutes(10)), hypoxic)
                .holdUntil(dose.plus(ofMinutes(13)))
                .at(dose.plus(ofMinutes(15)), peak)
                .holdUntil(dose.plus(ofMinutes(45)))
                .at(dose.plus(ofMinutes(90)), Targets.RESTING)
                .holdUntil(ofMinutes(150))
                .build();
        return new Scenario("ketamine-session", "baseline, dose at 5 min, BP rise to ~190/115 and back by 90 min, "
                + "desaturation to ~86 % 10-13 min after the dose", timeline, LineFault.Factory.NONE);
    }

    /** Heart rate falls to about 36 /min from 30 s and stays there. */
    public static Scenario bradycardia() {
        Targets slow = Targets.RESTING.withPulseRate(35).withPressure(108, 66);
        Timeline timeline = Keyframes.startingWith(Targets.RESTING)
                .holdUntil(BRADYCARDIA_ONSET)
                .at(BRADYCARDIA_ONSET.plusSeconds(30), slow)
                .build();
        return new Scenario("bradycardia", "heart rate falls to ~36 /min after 30 s", timeline, LineFault.Factory.NONE);
    }

    /** The probe comes off the finger after 20 s and stays off. */
    public static Scenario sensorOff() {
        Targets off = Targets.RESTING.withSensorOff(true);
        Timeline timeline = time -> time.compareTo(SENSOR_OFF_AT) >= 0 ? off : Targets.RESTING;
        return new Scenario("sensor-off", "probe off after 20 s", timeline, LineFault.Factory.NONE);
    }

    /** Normal vitals; the cable is pulled {@code after} the start and plugged back in {@code period} later. */
    public static Scenario cablePull(Duration after, Duration period) {
        return new Scenario("cable-pull",
                "the line goes dead after " + after.toSeconds() + " s for " + period.toSeconds() + " s",
                Timeline.constant(Targets.RESTING), CablePull.factory(after, period));
    }

    /** Normal vitals; noise bytes and bit-flipped frames mixed into the stream. */
    public static Scenario garbage() {
        return new Scenario("garbage", "noise bytes and corrupted frames among valid ones",
                Timeline.constant(Targets.RESTING),
                NoisyLine.factory(NoisyLine.DEFAULT_NOISE_EVERY, NoisyLine.DEFAULT_CORRUPT_EVERY));
    }

    /** Motion artifact in bursts of 4 to 8 s, recurring through every 30 s cycle. */
    public static Scenario artifact() {
        Targets moving = Targets.RESTING.withArtifact(true);
        Timeline timeline = time -> inArtifactBurst(time) ? moving : Targets.RESTING;
        return new Scenario("artifact", "intermittent motion artifact", timeline, LineFault.Factory.NONE);
    }

    static boolean inArtifactBurst(Duration time) {
        long cycle = time.toMillis() / ARTIFACT_CYCLE.toMillis();
        long intoCycle = time.toMillis() % ARTIFACT_CYCLE.toMillis();
        long burst = BURST_LENGTH_SECONDS[(int) (cycle % BURST_LENGTH_SECONDS.length)] * 1000;
        return intoCycle >= 10_000 && intoCycle < 10_000 + burst;
    }
}
