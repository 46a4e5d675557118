package org.vigil.drivers.ble;

import java.util.ArrayList;
import java.util.List;
import org.vigil.drivers.DecoderSink;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;

/** PLX Measurement Status (u16) and Device and Sensor Status (u24) bits, as quality flags and conditions. */
final class PlxStatus {

    private record Bit(int bit, String meaning, Quality.Flag flag, DeviceEvent.Kind condition) {
    }

    private static final List<Bit> MEASUREMENT_STATUS = List.of(
            new Bit(6, "early estimated data", Quality.Flag.EARLY_ESTIMATE, null),
            new Bit(9, "data from measurement storage", Quality.Flag.FROM_STORAGE, null),
            new Bit(10, "data for demonstration", Quality.Flag.DEMO, null),
            new Bit(11, "data for testing", Quality.Flag.DEMO, null),
            new Bit(12, "calibration ongoing", Quality.Flag.CALIBRATING, null),
            new Bit(13, "measurement unavailable", Quality.Flag.INVALID, null),
            new Bit(14, "questionable measurement", Quality.Flag.QUESTIONABLE, null),
            new Bit(15, "invalid measurement", Quality.Flag.INVALID, null));

    private static final List<Bit> DEVICE_AND_SENSOR_STATUS = List.of(
            new Bit(1, "equipment malfunction", Quality.Flag.INVALID, DeviceEvent.Kind.DEVICE_FAULT),
            new Bit(2, "signal processing irregularity", Quality.Flag.QUESTIONABLE, null),
            new Bit(3, "inadequate signal", Quality.Flag.SIGNAL_POOR, DeviceEvent.Kind.SIGNAL_POOR),
            new Bit(4, "poor signal", Quality.Flag.SIGNAL_POOR, DeviceEvent.Kind.SIGNAL_POOR),
            new Bit(5, "low perfusion", Quality.Flag.LOW_PERFUSION, null),
            new Bit(6, "erratic signal", Quality.Flag.ARTIFACT, null),
            new Bit(7, "nonpulsatile signal", Quality.Flag.SEARCHING, null),
            new Bit(8, "questionable pulse", Quality.Flag.QUESTIONABLE, null),
            new Bit(9, "signal analysis ongoing", Quality.Flag.SEARCHING, null),
            new Bit(10, "sensor interference", Quality.Flag.INTERFERENCE, null),
            new Bit(11, "sensor unconnected to user", Quality.Flag.SENSOR_OFF, DeviceEvent.Kind.SENSOR_OFF),
            new Bit(12, "unknown sensor", Quality.Flag.INVALID, DeviceEvent.Kind.DEVICE_FAULT),
            new Bit(13, "sensor displaced", Quality.Flag.SENSOR_OFF, DeviceEvent.Kind.SENSOR_OFF),
            new Bit(14, "sensor malfunctioning", Quality.Flag.INVALID, DeviceEvent.Kind.DEVICE_FAULT),
            new Bit(15, "sensor disconnected", Quality.Flag.SENSOR_OFF, DeviceEvent.Kind.SENSOR_OFF));

    private static final DeviceEvent.Kind[] CONDITIONS = {
            DeviceEvent.Kind.SENSOR_OFF, DeviceEvent.Kind.SIGNAL_POOR, DeviceEvent.Kind.DEVICE_FAULT};

    private PlxStatus() {
    }

    static Quality quality(int measurementStatus, int deviceAndSensorStatus) {
        Quality quality = Quality.VALID;
        for (Bit bit : MEASUREMENT_STATUS) {
            if ((measurementStatus >> bit.bit & 1) != 0) quality = quality.with(bit.flag);
        }
        for (Bit bit : DEVICE_AND_SENSOR_STATUS) {
            if ((deviceAndSensorStatus >> bit.bit & 1) != 0) quality = quality.with(bit.flag);
        }
        return quality;
    }

    /** Every condition the device-and-sensor status can tell, raised with its causes or cleared. */
    static void reportConditions(int deviceAndSensorStatus, DecoderSink sink) {
        for (DeviceEvent.Kind kind : CONDITIONS) {
            List<String> causes = new ArrayList<>();
            for (Bit bit : DEVICE_AND_SENSOR_STATUS) {
                if (bit.condition == kind && (deviceAndSensorStatus >> bit.bit & 1) != 0) causes.add(bit.meaning);
            }
            sink.condition(kind, !causes.isEmpty(), String.join(", ", causes));
        }
    }
}
