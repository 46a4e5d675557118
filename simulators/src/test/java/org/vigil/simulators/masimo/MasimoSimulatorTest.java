package org.vigil.simulators.masimo;

import org.vigil.simulators.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.masimo.MasimoDecoder;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.PatientState;

class MasimoSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");

    private final MasimoSimulator simulator = new MasimoSimulator("0000012345", ZoneOffset.UTC);
    private final MasimoDecoder decoder = new MasimoDecoder(ZoneOffset.UTC);
    private final RecordingSink sink = new RecordingSink();

    @Test
    void writes_one_fixed_width_ascii_1_line_a_second() {
        StringBuilder written = new StringBuilder();

        simulator.tick(NOW, PatientState.resting(), bytes -> written.append(new String(bytes, StandardCharsets.US_ASCII)));

        assertThat(simulator.frameInterval()).hasSeconds(1);
        assertThat(written).hasToString("11/29/26 19:27:46 SN=0000012345 SPO2=097% BPM=072 PI=03.60% SPCO=--.-% "
                + "SPMET=--.-% DESAT=-- PIDELTA=+-- PVI=--- ALARM=0000 EXC=000800\r\n");
    }

    @Test
    void round_trips_the_patient_values_serial_number_and_device_time() {
        givenTicks(PatientState.resting(), 3);

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(97.0);
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(72.0);
        assertThat(sink.last(VitalSign.PERFUSION_INDEX).value()).isEqualTo(3.6);
        assertThat(sink.last(VitalSign.SPO2).deviceTime()).isEqualTo(NOW.plusSeconds(2));
        assertThat(sink.last(VitalSign.SPO2).quality()).isEqualTo(Quality.VALID);
        assertThat(sink.identities).containsExactly(new DeviceIdentity("Masimo", null, "0000012345"));
    }

    @Test
    void round_trips_a_sensor_off_as_dashes_and_a_sensor_off_condition() {
        PatientState off = new PatientState(97, 72, 0, 0, 0, 0, 3.6, true, false);

        givenTicks(off, 2);
        givenTicks(PatientState.resting(), 1);

        assertThat(sink.readingsOf(VitalSign.SPO2)).first().satisfies(r -> {
            assertThat(r.value()).isNaN();
            assertThat(r.quality().has(Quality.Flag.SENSOR_OFF)).isTrue();
        });
        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
    }

    @Test
    void round_trips_artifact_as_low_signal_iq() {
        givenTicks(new PatientState(95, 90, 0, 0, 0, 0, 1.2, false, true), 1);

        assertThat(sink.last(VitalSign.SPO2).quality().has(Quality.Flag.SIGNAL_POOR)).isTrue();
        assertThat(sink.conditionsOf(Kind.SIGNAL_POOR)).extracting(RecordingSink.Condition::active).containsExactly(true);
    }

    @Test
    void is_read_by_the_registered_masimo_protocol() {
        var session = Protocols.byName("masimo").open(bytes -> { }, sink);

        simulator.tick(NOW, PatientState.resting(), bytes -> session.received(ByteBuffer.wrap(bytes), NOW));

        assertThat(sink.readings).hasSize(3);
    }

    private void givenTicks(PatientState state, int seconds) {
        for (int i = 0; i < seconds; i++) {
            Instant now = NOW.plusSeconds(i);
            simulator.tick(now, state, bytes -> decoder.decode(ByteBuffer.wrap(bytes), now, sink));
        }
    }
}
