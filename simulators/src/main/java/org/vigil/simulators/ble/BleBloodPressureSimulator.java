package org.vigil.simulators.ble;

import java.time.Duration;
import java.time.Instant;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A BLE blood-pressure cuff behind a bridge: every {@code interval} it measures for {@code cycle},
 * publishing Intermediate Cuff Pressure (0x2A36) each second, then one Blood Pressure Measurement
 * (0x2A35) with timestamp, pulse rate and measurement status. The first measurement starts at once.
 */
public final class BleBloodPressureSimulator implements DeviceSimulator {

    public static final String MEASUREMENT = "2a35";
    public static final String INTERMEDIATE_CUFF_PRESSURE = "2a36";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_CYCLE = Duration.ofSeconds(30);

    // flags: b1 timestamp, b2 pulse rate, b4 measurement status (unit b0 = 0: mmHg)
    static final int MEASUREMENT_FLAGS = 0x02 | 0x04 | 0x10;
    // measurement status: b0 body movement, b1 cuff fit too loose
    static final int BODY_MOVEMENT = 1;
    static final int CUFF_TOO_LOOSE = 1 << 1;
    static final double INFLATION_SHARE = 0.3;
    static final int OVERSHOOT_MMHG = 30;

    private final Duration interval;
    private final Duration cycle;
    private Instant nextMeasurement;
    private Instant measurementStarted;

    public BleBloodPressureSimulator() {
        this(DEFAULT_INTERVAL, DEFAULT_CYCLE);
    }

    public BleBloodPressureSimulator(Duration interval, Duration cycle) {
        if (cycle.isNegative() || cycle.isZero() || interval.compareTo(cycle) <= 0) {
            throw new IllegalArgumentException("need 0 < cycle < interval, got cycle " + cycle + ", interval " + interval);
        }
        this.interval = interval;
        this.cycle = cycle;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        if (measurementStarted == null && (nextMeasurement == null || !now.isBefore(nextMeasurement))) {
            measurementStarted = now;
            nextMeasurement = now.plus(interval);
        }
        if (measurementStarted == null) return;
        double progress = (double) Duration.between(measurementStarted, now).toMillis() / cycle.toMillis();
        if (progress < 1) {
            out.write(INTERMEDIATE_CUFF_PRESSURE, intermediate(cuffPressure(progress, state)));
        } else {
            measurementStarted = null;
            out.write(MEASUREMENT, measurement(state, now));
        }
    }

    /** A ramp to systolic + overshoot, then a linear deflation; a cuff off the arm holds no pressure. */
    static double cuffPressure(double progress, PatientState state) {
        if (state.sensorOff()) return 0;
        double peak = state.systolic() + OVERSHOOT_MMHG;
        return progress < INFLATION_SHARE ? peak * progress / INFLATION_SHARE : peak * (1 - progress) / (1 - INFLATION_SHARE);
    }

    static byte[] intermediate(double cuffPressure) {
        return new GattValueWriter().u8(0)
                .sfloat(cuffPressure, 0).sfloat(Double.NaN, 0).sfloat(Double.NaN, 0)
                .toBytes();
    }

    static byte[] measurement(PatientState state, Instant now) {
        boolean off = state.sensorOff();
        int status = (off ? CUFF_TOO_LOOSE : 0) | (state.artifact() ? BODY_MOVEMENT : 0);
        return new GattValueWriter().u8(MEASUREMENT_FLAGS)
                .sfloat(off ? Double.NaN : state.systolic(), 0)
                .sfloat(off ? Double.NaN : state.diastolic(), 0)
                .sfloat(off ? Double.NaN : state.mean(), 0)
                .dateTime(now)
                .sfloat(off ? Double.NaN : state.pulseRate(), 0)
                .u16(status)
                .toBytes();
    }
}
