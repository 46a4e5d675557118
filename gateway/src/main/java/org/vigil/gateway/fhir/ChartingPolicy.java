package org.vigil.gateway.fhir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Decides which readings become Observations. Continuous vitals (1 Hz) are stored in full as
 * samples, but charted once per interval with a representative value: the median of the usable
 * readings of that interval (the lower median, so the charted value is a real reading with its
 * own time), or, when none was usable, the last reading as data absent. Every NIBP measurement is
 * charted as one panel, and every reading that triggered an alarm is charted as it is.
 *
 * <p>Intervals are aligned to the epoch (a one-minute interval runs from :00 to :00) and charted
 * once each: when the device's next interval starts, or, when its stream stops, once the interval
 * has ended and no reading of it came for {@link #QUIET}. An interval whose readings are still
 * arriving after its end (a backlog replayed after an outage, a device clock behind the gateway's)
 * is not charted until they stop, and a reading that comes for an interval already charted is kept
 * as a sample but not charted again. Not thread-safe: one worker owns it.
 */
public final class ChartingPolicy {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** How long the parts of one NIBP measurement may take to arrive before it is charted incomplete. */
    public static final Duration DEFAULT_NIBP_ASSEMBLY = Duration.ofSeconds(5);
    /** How long an ended interval must have had no reading before it is charted without the next one. */
    public static final Duration QUIET = Duration.ofSeconds(5);
    /** How long an interval is remembered as charted, so that late readings do not chart it again. */
    private static final Duration REMEMBERED = Duration.ofHours(1);

    private final long intervalMillis;
    private final Duration nibpAssembly;
    private final Map<Key, Window> windows = new HashMap<>();
    private final Map<String, NibpMeasurement> nibp = new HashMap<>();

    public ChartingPolicy() {
        this(DEFAULT_INTERVAL, DEFAULT_NIBP_ASSEMBLY);
    }

    public ChartingPolicy(Duration interval, Duration nibpAssembly) {
        if (interval.toMillis() < 1) throw new IllegalArgumentException("charting interval must be at least 1 ms");
        this.intervalMillis = interval.toMillis();
        this.nibpAssembly = Objects.requireNonNull(nibpAssembly, "nibpAssembly");
    }

    /** Takes one reading; returns what is due for charting now (usually nothing). */
    public List<Chartable> onReading(Reading reading) {
        List<Chartable> due = new ArrayList<>();
        if (reading.vital().isBloodPressure()) {
            onBloodPressure(reading, due);
            return due;
        }
        Key key = new Key(reading.deviceId(), reading.vital());
        long index = Math.floorDiv(reading.effectiveTime().toEpochMilli(), intervalMillis);
        Window window = windows.get(key);
        if (window != null && window.index != index) {
            if (index < window.index) return due;
            if (!window.charted) due.add(window.representative());
            window = null;
        } else if (window != null && window.charted) {
            return due;
        }
        if (window == null) {
            window = new Window(index);
            windows.put(key, window);
        }
        window.add(reading);
        return due;
    }

    /** Charts the reading that triggered an alarm. NIBP readings are charted anyway. */
    public List<Chartable> onAlarm(Reading triggering) {
        if (triggering.vital().isBloodPressure()) return List.of();
        return List.of(new Chartable.Single(triggering, Chartable.Reason.ALARM));
    }

    /**
     * Charts every interval that ended at or before {@code now} and had no reading for {@link #QUIET},
     * and NIBP measurements that stayed incomplete for longer than the assembly time. Call it
     * periodically, so that the last interval is charted when a stream stops.
     */
    public List<Chartable> flush(Instant now) {
        List<Chartable> due = new ArrayList<>();
        long nowMillis = now.toEpochMilli();
        Instant quietSince = now.minus(QUIET);
        Iterator<Window> windowsOpen = windows.values().iterator();
        while (windowsOpen.hasNext()) {
            Window window = windowsOpen.next();
            long endMillis = (window.index + 1) * intervalMillis;
            if (window.charted) {
                if (endMillis + REMEMBERED.toMillis() <= nowMillis) windowsOpen.remove();
            } else if (endMillis <= nowMillis && !window.lastReceived.isAfter(quietSince)) {
                due.add(window.representative());
                window.chart();
            }
        }
        Iterator<NibpMeasurement> measurements = nibp.values().iterator();
        while (measurements.hasNext()) {
            NibpMeasurement measurement = measurements.next();
            if (!measurement.time.plus(nibpAssembly).isAfter(now)) {
                due.add(measurement.toChartable());
                measurements.remove();
            }
        }
        return due;
    }

    private void onBloodPressure(Reading reading, List<Chartable> due) {
        NibpMeasurement measurement = nibp.get(reading.deviceId());
        if (measurement != null && !measurement.time.equals(reading.effectiveTime())) {
            due.add(measurement.toChartable());
            measurement = null;
        }
        if (measurement == null) {
            measurement = new NibpMeasurement(reading.deviceId(), reading.effectiveTime());
            nibp.put(reading.deviceId(), measurement);
        }
        measurement.add(reading);
        if (measurement.isComplete()) {
            due.add(measurement.toChartable());
            nibp.remove(reading.deviceId());
        }
    }

    private record Key(String deviceId, VitalSign vital) {
    }

    private static final class Window {
        final long index;
        final List<Reading> readings = new ArrayList<>();
        Instant lastReceived;
        /** Charted already: kept only to tell late readings of the interval. */
        boolean charted;

        Window(long index) {
            this.index = index;
        }

        void add(Reading reading) {
            readings.add(reading);
            if (lastReceived == null || reading.receivedAt().isAfter(lastReceived)) lastReceived = reading.receivedAt();
        }

        void chart() {
            charted = true;
            readings.clear();
        }

        Chartable representative() {
            List<Reading> usable = new ArrayList<>();
            for (Reading reading : readings) if (reading.isUsable()) usable.add(reading);
            if (usable.isEmpty()) {
                return new Chartable.Single(readings.get(readings.size() - 1), Chartable.Reason.INTERVAL);
            }
            usable.sort(Comparator.comparingDouble(Reading::value).thenComparing(Reading::effectiveTime));
            return new Chartable.Single(usable.get((usable.size() - 1) / 2), Chartable.Reason.INTERVAL);
        }
    }

    private static final class NibpMeasurement {
        final String deviceId;
        final Instant time;
        Reading systolic;
        Reading diastolic;
        Reading mean;

        NibpMeasurement(String deviceId, Instant time) {
            this.deviceId = deviceId;
            this.time = time;
        }

        void add(Reading reading) {
            switch (reading.vital()) {
                case BP_SYS -> systolic = reading;
                case BP_DIA -> diastolic = reading;
                case BP_MEAN -> mean = reading;
                default -> throw new IllegalArgumentException(reading.vital() + " is not blood pressure");
            }
        }

        boolean isComplete() {
            return systolic != null && diastolic != null && mean != null;
        }

        Chartable toChartable() {
            return new Chartable.BloodPressure(orMissing(systolic, VitalSign.BP_SYS), orMissing(diastolic, VitalSign.BP_DIA), mean);
        }

        private Reading orMissing(Reading reading, VitalSign vital) {
            if (reading != null) return reading;
            return new Reading(deviceId, vital, Double.NaN, vital.ucum(), time, time, Quality.of(Quality.Flag.INVALID));
        }
    }
}
