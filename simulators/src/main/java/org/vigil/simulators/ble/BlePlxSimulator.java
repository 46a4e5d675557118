package org.vigil.simulators.ble;

import java.time.Duration;
import java.time.Instant;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A BLE pulse oximeter behind a bridge: one PLX Continuous Measurement (0x2A5F) value a second, with
 * measurement status, device-and-sensor status and pulse amplitude index.
 */
public final class BlePlxSimulator implements DeviceSimulator {

    /** How the bridge publishes the characteristic value. */
    public enum Payload { BINARY, HEX_TEXT }

    public static final String CHARACTERISTIC = "2a5f";

    // 0x2A5F flags: b2 measurement status, b3 device and sensor status, b4 pulse amplitude index
    static final int FLAGS = 0x04 | 0x08 | 0x10;
    // device and sensor status: b6 erratic signal, b11 sensor unconnected to user
    static final int ERRATIC_SIGNAL = 1 << 6;
    static final int SENSOR_NOT_ON_USER = 1 << 11;
    // measurement status: b8 fully qualified data
    static final int FULLY_QUALIFIED = 1 << 8;

    private final Payload payload;

    public BlePlxSimulator() {
        this(Payload.BINARY);
    }

    public BlePlxSimulator(Payload payload) {
        this.payload = payload;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        byte[] value = value(state);
        out.write(CHARACTERISTIC, payload == Payload.HEX_TEXT ? GattValueWriter.asHexText(value) : value);
    }

    static byte[] value(PatientState state) {
        boolean off = state.sensorOff();
        int deviceStatus = (off ? SENSOR_NOT_ON_USER : 0) | (state.artifact() ? ERRATIC_SIGNAL : 0);
        return new GattValueWriter()
                .u8(FLAGS)
                .sfloat(off ? Double.NaN : state.spo2(), 0)
                .sfloat(off ? Double.NaN : state.pulseRate(), 0)
                .u16(off || state.artifact() ? 0 : FULLY_QUALIFIED)
                .u24(deviceStatus)
                .sfloat(off ? Double.NaN : state.perfusionIndex(), -1)
                .toBytes();
    }
}
