package org.vigil.simulators.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.json.JsonProtocol;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.PatientState;

class JsonRoundTripTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final PatientState SENSOR_OFF = new PatientState(97, 72, 124, 78, 93, 14, 3.6, true, false);
    private static final PatientState MOVING = new PatientState(97, 72, 124, 78, 93, 14, 3.6, false, true);

    private final List<String> reported = new ArrayList<>();
    private final List<InvalidFrame> invalid = new ArrayList<>();
    private final ProtocolSession session = new JsonProtocol().open(bytes -> { }, new DecoderSink() {
        @Override
        public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
            reported.add(vital + " " + value + " " + quality + " @" + deviceTime);
        }

        @Override
        public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            reported.add(kind + (active ? " raised: " : " cleared: ") + detail);
        }

        @Override
        public void invalidFrame(InvalidFrame frame) {
            invalid.add(frame);
        }
    });
    private final JsonReadingSimulator simulator = new JsonReadingSimulator();
    private final List<String> published = new ArrayList<>();

    private void tick(Instant now, PatientState state) {
        simulator.tick(now, state, bytes -> {
            published.add(new String(bytes, StandardCharsets.UTF_8));
            session.message("vigil/bed1/json", ByteBuffer.wrap(bytes), now);
        });
    }

    @Test
    void aRestingPatientIsPublishedAsOneBatchOfTimestampedReadings() {
        tick(T0, PatientState.resting());

        assertThat(published).containsExactly("{\"readings\":["
                + "{\"vital\":\"SPO2\",\"value\":97.0,\"unit\":\"%\",\"time\":\"2026-11-29T10:00:00Z\"},"
                + "{\"vital\":\"PULSE_RATE\",\"value\":72.0,\"unit\":\"/min\",\"time\":\"2026-11-29T10:00:00Z\"},"
                + "{\"vital\":\"PERFUSION_INDEX\",\"value\":3.6,\"unit\":\"%\",\"time\":\"2026-11-29T10:00:00Z\"},"
                + "{\"vital\":\"RESP_RATE\",\"value\":14.0,\"unit\":\"/min\",\"time\":\"2026-11-29T10:00:00Z\"}]}");
        assertThat(reported).containsExactly(
                "SPO2 97.0 valid @2026-11-29T10:00:00Z", "PULSE_RATE 72.0 valid @2026-11-29T10:00:00Z",
                "PERFUSION_INDEX 3.6 valid @2026-11-29T10:00:00Z", "RESP_RATE 14.0 valid @2026-11-29T10:00:00Z");
        assertThat(invalid).isEmpty();
    }

    @Test
    void aProbeComingOffIsAConditionAndValuelessReadingsUntilItIsBack() {
        tick(T0, SENSOR_OFF);
        tick(T0.plusSeconds(1), SENSOR_OFF);
        tick(T0.plusSeconds(2), PatientState.resting());

        assertThat(reported).filteredOn(r -> r.startsWith("SENSOR_OFF"))
                .containsExactly("SENSOR_OFF raised: probe off the finger", "SENSOR_OFF cleared: probe back on");
        assertThat(reported).contains("SPO2 NaN sensor_off @2026-11-29T10:00:01Z", "RESP_RATE 14.0 valid @2026-11-29T10:00:01Z");
        assertThat(invalid).isEmpty();
    }

    @Test
    void valuesArePublishedToOneDecimalAsADisplayShowsThem() {
        tick(T0, new PatientState(96.947, 73.225, 124, 78, 93, 14.04, 3.61, false, false));

        assertThat(reported).contains("SPO2 96.9 valid @2026-11-29T10:00:00Z", "PULSE_RATE 73.2 valid @2026-11-29T10:00:00Z");
    }

    @Test
    void motionMarksTheProbeReadingsAsArtifact() {
        tick(T0, MOVING);

        assertThat(reported).contains("SPO2 97.0 artifact @2026-11-29T10:00:00Z", "RESP_RATE 14.0 valid @2026-11-29T10:00:00Z");
    }
}
