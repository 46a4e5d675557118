package org.vigil.simulators.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.vigil.model.VitalSign;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/**
 * A publisher of the Vigil JSON reading format (docs/json-reading-format.md): one batch a second with
 * SpO2, pulse rate, perfusion index and respiratory rate, and a SENSOR_OFF condition when the probe
 * comes off or goes back on.
 */
public final class JsonReadingSimulator implements DeviceSimulator {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private boolean sensorOffReported;

    @Override
    public Duration frameInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        ObjectNode batch = MAPPER.createObjectNode();
        ArrayNode readings = batch.putArray("readings");
        boolean off = state.sensorOff();
        String probeFlag = off ? "sensor_off" : state.artifact() ? "artifact" : null;
        readings.add(reading(VitalSign.SPO2, off ? null : state.spo2(), probeFlag, now));
        readings.add(reading(VitalSign.PULSE_RATE, off ? null : state.pulseRate(), probeFlag, now));
        readings.add(reading(VitalSign.PERFUSION_INDEX, off ? null : state.perfusionIndex(), probeFlag, now));
        readings.add(reading(VitalSign.RESP_RATE, state.respRate(), null, now));
        if (off != sensorOffReported) {
            sensorOffReported = off;
            ObjectNode condition = batch.putArray("conditions").addObject();
            condition.put("condition", "SENSOR_OFF");
            condition.put("active", off);
            condition.put("detail", off ? "probe off the finger" : "probe back on");
        }
        out.write(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ObjectNode reading(VitalSign vital, Double value, String flag, Instant now) {
        ObjectNode reading = MAPPER.createObjectNode();
        reading.put("vital", vital.name());
        if (value == null) reading.putNull("value");
        else reading.put("value", Math.round(value * 10) / 10.0); // a bridge sends what a display shows
        reading.put("unit", vital.ucum());
        reading.put("time", now.toString());
        if (flag != null) reading.putArray("quality").add(flag);
        return reading;
    }
}
