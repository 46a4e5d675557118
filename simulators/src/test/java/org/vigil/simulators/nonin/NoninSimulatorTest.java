package org.vigil.simulators.nonin;

import org.vigil.simulators.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.PatientState;

class NoninSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final PatientState SENSOR_OFF = new PatientState(97, 72, 0, 0, 0, 0, 3.6, true, false);
    private static final PatientState MOVING = new PatientState(94, 180, 0, 0, 0, 0, 3.6, false, true);

    private final RecordingSink sink = new RecordingSink();
    private final ByteBuffer wire = ByteBuffer.allocate(4096);
    private NoninSimulator simulator;
    private ProtocolSession session;
    private Instant now = NOW;

    @Test
    void writes_format_7_frames_at_75_hz_with_sync_in_the_first_frame_of_each_packet() {
        NoninSimulator device = new NoninSimulator(7);
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        device.tick(NOW, PatientState.resting(), written::writeBytes);

        assertThat(device.frameInterval()).isEqualTo(Duration.ofNanos(13_333_333));
        byte[] frame = written.toByteArray();
        assertThat(frame).hasSize(5);
        assertThat(frame[0] & 0xFF).isEqualTo(0x83); // b7, GPRF, SYNC
        assertThat(frame[3]).isEqualTo((byte) 0x00); // HR MSB of 72
        assertThat(frame[4]).isEqualTo((byte) (frame[0] + frame[1] + frame[2] + frame[3]));
    }

    @Test
    void round_trips_spo2_and_pulse_three_times_a_second_in_format_7() {
        givenSessionWithDevice("nonin7", 7);

        whenTheDeviceRuns(PatientState.resting(), Duration.ofSeconds(1));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(3).allSatisfy(r -> assertThat(r.value()).isEqualTo(97.0));
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE)).allSatisfy(r -> assertThat(r.value()).isEqualTo(72.0));
    }

    @Test
    void round_trips_a_sensor_off_and_artifact_in_format_7() {
        givenSessionWithDevice("nonin7", 7);

        whenTheDeviceRuns(SENSOR_OFF, Duration.ofSeconds(1));
        whenTheDeviceRuns(MOVING, Duration.ofSeconds(1));

        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true, false);
        assertThat(sink.readingsOf(VitalSign.SPO2).get(0).value()).isNaN();
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(180.0);
        assertThat(sink.last(VitalSign.PULSE_RATE).quality().has(Quality.Flag.ARTIFACT)).isTrue();
    }

    @Test
    void switches_from_format_8_to_7_when_the_session_selects_it() {
        givenSessionWithDevice("nonin7", 8);

        whenTheDeviceRuns(PatientState.resting(), Duration.ofSeconds(1));

        assertThat(simulator.format()).isEqualTo(7);
        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.conditions).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(3);
    }

    @Test
    void switches_from_format_7_to_8_and_then_writes_one_packet_a_second() {
        givenSessionWithDevice("nonin8", 7);

        whenTheDeviceRuns(SENSOR_OFF, Duration.ofMillis(2990));

        assertThat(simulator.format()).isEqualTo(8);
        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSize(3).allSatisfy(r -> assertThat(r.value()).isNaN());
        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true);
    }

    @Test
    void round_trips_format_2() {
        givenSessionWithDevice("nonin2", 2);

        whenTheDeviceRuns(MOVING, Duration.ofSeconds(1));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(94.0);
        assertThat(sink.last(VitalSign.PULSE_RATE).value()).isEqualTo(180.0);
    }

    @Test
    void answers_an_unknown_command_with_nak_and_a_format_select_split_across_writes_with_ack() {
        NoninSimulator device = new NoninSimulator(7);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();

        device.received(HexFormat.of().parseHex("0270020209030270"), NOW, PatientState.resting(), answer::writeBytes);
        device.received(HexFormat.of().parseHex("02020803"), NOW, PatientState.resting(), answer::writeBytes);

        assertThat(answer.toByteArray()).containsExactly(0x15, 0x06);
        assertThat(device.format()).isEqualTo(8);
    }

    private void givenSessionWithDevice(String protocol, int deviceFormat) {
        simulator = new NoninSimulator(deviceFormat);
        session = Protocols.byName(protocol).open(bytes -> simulator.received(bytes, now, PatientState.resting(), wire::put), sink);
        session.start(now);
    }

    private void whenTheDeviceRuns(PatientState state, Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            simulator.tick(now, state, wire::put);
            wire.flip();
            session.received(wire, now);
            wire.compact();
            now = now.plus(simulator.frameInterval());
        }
    }
}
