package org.vigil.simulators.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.ble.BleGattProtocol;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/** Simulated BLE devices publishing through an in-memory "broker" into the driver sessions. */
class BleRoundTripTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final PatientState RESTING = PatientState.resting();
    private static final PatientState SENSOR_OFF = new PatientState(97, 72, 124, 78, 93, 14, 3.6, true, false);
    private static final PatientState MOVING = new PatientState(97, 72, 124, 78, 93, 14, 3.6, false, true);

    private final List<String> readings = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final List<InvalidFrame> invalid = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private final DecoderSink sink = new DecoderSink() {
        @Override
        public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
            readings.add(vital + " " + value + " " + quality + (deviceTime == null ? "" : " @" + deviceTime));
        }

        @Override
        public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            conditions.add(kind + (active ? " raised" : " cleared") + (detail.isEmpty() ? "" : ": " + detail));
        }

        @Override
        public void invalidFrame(InvalidFrame frame) {
            invalid.add(frame);
        }
    };

    private FrameOutput broker(ProtocolSession session, Instant now) {
        return new FrameOutput() {
            @Override
            public void write(byte[] bytes) {
                write("", bytes);
            }

            @Override
            public void write(String subTopic, byte[] bytes) {
                String topic = "vigil/bed1/bridge/" + subTopic;
                topics.add(subTopic);
                session.message(topic, ByteBuffer.wrap(bytes), now);
            }
        };
    }

    @Test
    void theOximeterPublishesOneContinuousMeasurementASecondWithExactBytes() {
        List<String> published = new ArrayList<>();

        new BlePlxSimulator().tick(T0, RESTING, bytes -> published.add(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes)));

        assertThat(new BlePlxSimulator().frameInterval()).hasSeconds(1);
        assertThat(published).containsExactly("1C 61 00 48 00 00 01 00 00 00 24 F0");
    }

    @Test
    void aRestingPatientArrivesAsUsableOximetry() {
        ProtocolSession session = BleGattProtocol.plx().open(bytes -> { }, sink);

        new BlePlxSimulator().tick(T0, RESTING, broker(session, T0));

        assertThat(readings).containsExactly("SPO2 97.0 valid", "PULSE_RATE 72.0 valid", "PERFUSION_INDEX 3.6 valid");
        assertThat(topics).containsExactly("2a5f");
    }

    @Test
    void hexTextPayloadsDecodeToTheSameReadings() {
        ProtocolSession session = BleGattProtocol.plx().open(bytes -> { }, sink);

        new BlePlxSimulator(BlePlxSimulator.Payload.HEX_TEXT).tick(T0, RESTING, broker(session, T0));

        assertThat(readings).containsExactly("SPO2 97.0 valid", "PULSE_RATE 72.0 valid", "PERFUSION_INDEX 3.6 valid");
        assertThat(invalid).isEmpty();
    }

    @Test
    void aProbeOffTheFingerRaisesSensorOffUntilItIsBack() {
        ProtocolSession session = BleGattProtocol.plx().open(bytes -> { }, sink);
        BlePlxSimulator oximeter = new BlePlxSimulator();

        oximeter.tick(T0, SENSOR_OFF, broker(session, T0));
        oximeter.tick(T0.plusSeconds(1), SENSOR_OFF, broker(session, T0.plusSeconds(1)));
        oximeter.tick(T0.plusSeconds(2), RESTING, broker(session, T0.plusSeconds(2)));

        assertThat(conditions).containsExactly("SENSOR_OFF raised: sensor unconnected to user", "SENSOR_OFF cleared");
        assertThat(readings).first().isEqualTo("SPO2 NaN sensor_off");
        assertThat(readings).last().isEqualTo("PERFUSION_INDEX 3.6 valid");
    }

    @Test
    void motionMarksOximetryAsArtifact() {
        ProtocolSession session = BleGattProtocol.plx().open(bytes -> { }, sink);

        new BlePlxSimulator().tick(T0, MOVING, broker(session, T0));

        assertThat(readings).first().isEqualTo("SPO2 97.0 artifact");
    }

    @Test
    void aCuffMeasurementShowsInflationThenReportsTheTimestampedPressures() {
        ProtocolSession session = BleGattProtocol.bloodPressure().open(bytes -> { }, sink);
        BleBloodPressureSimulator cuff = new BleBloodPressureSimulator(Duration.ofMinutes(5), Duration.ofSeconds(20));

        for (int second = 0; second <= 20; second++) {
            Instant now = T0.plusSeconds(second);
            cuff.tick(now, RESTING, broker(session, now));
        }

        assertThat(topics).hasSize(21).startsWith("2a36").endsWith("2a35");
        assertThat(conditions).contains("CUFF_INFLATING raised: cuff 154 mmHg").last().isEqualTo("CUFF_INFLATING cleared");
        assertThat(readings).containsExactly(
                "BP_SYS 124.0 valid @2026-11-29T10:00:20Z", "BP_DIA 78.0 valid @2026-11-29T10:00:20Z",
                "BP_MEAN 93.0 valid @2026-11-29T10:00:20Z", "PULSE_RATE 72.0 valid @2026-11-29T10:00:20Z");
        assertThat(invalid).isEmpty();
    }

    @Test
    void theCuffWaitsForTheIntervalBeforeMeasuringAgain() {
        ProtocolSession session = BleGattProtocol.bloodPressure().open(bytes -> { }, sink);
        BleBloodPressureSimulator cuff = new BleBloodPressureSimulator(Duration.ofMinutes(5), Duration.ofSeconds(20));

        for (int second = 0; second < 600; second++) {
            Instant now = T0.plusSeconds(second);
            cuff.tick(now, RESTING, broker(session, now));
        }

        assertThat(readings).filteredOn(r -> r.startsWith("BP_SYS")).hasSize(2);
    }

    @Test
    void aLooseCuffEndsInCuffErrorAndMotionInArtifact() {
        ProtocolSession session = BleGattProtocol.bloodPressure().open(bytes -> { }, sink);

        session.message("b/2a35", ByteBuffer.wrap(BleBloodPressureSimulator.measurement(SENSOR_OFF, T0)), T0);
        session.message("b/2a35", ByteBuffer.wrap(BleBloodPressureSimulator.measurement(MOVING, T0)), T0);

        assertThat(conditions).containsExactly("CUFF_ERROR raised: cuff too loose", "CUFF_ERROR cleared");
        assertThat(readings).first().isEqualTo("BP_SYS NaN invalid,questionable @2026-11-29T10:00:00Z");
        assertThat(readings).contains("BP_SYS 124.0 artifact @2026-11-29T10:00:00Z");
    }
}
