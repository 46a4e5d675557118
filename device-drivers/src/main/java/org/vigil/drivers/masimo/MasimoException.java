package org.vigil.drivers.masimo;

import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality.Flag;

/**
 * The bits of the ASCII 1 {@code EXC=} field (docs/wire-formats.md §1), with the quality
 * flag each puts on SpO2, pulse rate and PI and the device condition it raises.
 * A {@code null} flag or condition means the bit does not qualify the SpO2/PR/PI readings.
 */
enum MasimoException {
    NO_SENSOR(0x000001, "no sensor", Flag.SENSOR_OFF, Kind.SENSOR_OFF),
    DEFECTIVE_SENSOR(0x000002, "defective sensor", Flag.INVALID, Kind.DEVICE_FAULT),
    LOW_PERFUSION(0x000004, "low perfusion", Flag.LOW_PERFUSION, null),
    PULSE_SEARCH(0x000008, "pulse search", Flag.SEARCHING, null),
    INTERFERENCE(0x000010, "interference", Flag.INTERFERENCE, Kind.SIGNAL_POOR),
    SENSOR_OFF(0x000020, "sensor off", Flag.SENSOR_OFF, Kind.SENSOR_OFF),
    AMBIENT_LIGHT(0x000040, "ambient light", Flag.INTERFERENCE, Kind.SIGNAL_POOR),
    UNRECOGNIZED_SENSOR(0x000080, "unrecognized sensor", Flag.INVALID, Kind.DEVICE_FAULT),
    INCOMPATIBLE_SENSOR(0x000100, "incompatible sensor", Flag.INVALID, Kind.DEVICE_FAULT),
    LOW_SIGNAL_IQ(0x000400, "low signal IQ", Flag.SIGNAL_POOR, Kind.SIGNAL_POOR),
    // 0x000800 is informational ("SET" mode) and present in normal output: no flag.
    NO_CABLE(0x001000, "no cable", Flag.SENSOR_OFF, Kind.SENSOR_OFF),
    CABLE_EXPIRED(0x002000, "cable expired", Flag.INVALID, Kind.DEVICE_FAULT),
    INCOMPATIBLE_CABLE(0x004000, "incompatible cable", Flag.INVALID, Kind.DEVICE_FAULT),
    UNRECOGNIZED_CABLE(0x008000, "unrecognized cable", Flag.INVALID, Kind.DEVICE_FAULT),
    DEFECTIVE_CABLE(0x010000, "defective cable", Flag.INVALID, Kind.DEVICE_FAULT),
    SENSOR_CALIBRATING(0x020000, "sensor calibrating", Flag.CALIBRATING, null),
    SENSOR_EXPIRED(0x040000, "sensor expired", Flag.INVALID, Kind.DEVICE_FAULT),
    EMITTER_TEMPERATURE(0x080000, "emitter temperature", Flag.QUESTIONABLE, Kind.DEVICE_FAULT),
    SENSOR_CURRENT_LIMIT(0x100000, "sensor current limit", Flag.QUESTIONABLE, Kind.DEVICE_FAULT);
    // 0x200000 SpCO and 0x400000 SpMet low confidence qualify values Vigil does not report.

    final int bit;
    final String text;
    final Flag flag;
    final Kind condition;

    MasimoException(int bit, String text, Flag flag, Kind condition) {
        this.bit = bit;
        this.text = text;
        this.flag = flag;
        this.condition = condition;
    }
}
