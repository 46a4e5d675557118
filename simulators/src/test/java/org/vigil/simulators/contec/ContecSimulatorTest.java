package org.vigil.simulators.contec;

import org.vigil.simulators.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.VitalSign;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.PatientState;

class ContecSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");
    private static final PatientState SENSOR_OFF = new PatientState(97, 72, 0, 0, 0, 0, 3.6, true, false);
    private static final Duration TICK = Duration.ofMillis(250);

    private final RecordingSink sink = new RecordingSink();
    private final ByteBuffer wire = ByteBuffer.allocate(4096);
    private DeviceSimulator simulator;
    private ProtocolSession session;
    private Instant now = NOW;
    private Instant nextSessionTick = NOW;
    private int bytesWritten;
    private boolean sessionTicks = true;

    @Test
    void writes_a_five_byte_packet_60_times_a_second_with_only_byte_1_marked() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ContecSimulator device = new ContecSimulator();

        for (int i = 0; i < 60; i++) device.tick(NOW, PatientState.resting(), written::writeBytes);

        assertThat(device.frameInterval()).isEqualTo(Duration.ofNanos(16_666_666));
        byte[] bytes = written.toByteArray();
        assertThat(bytes).hasSize(300);
        for (int i = 0; i < bytes.length; i++) {
            assertThat((bytes[i] & 0x80) != 0).isEqualTo(i % 5 == 0);
        }
    }

    @Test
    void round_trips_the_old_firmware_stream_including_a_sensor_off() {
        givenSessionWithDevice("contec", new ContecSimulator());

        whenTheDeviceRuns(PatientState.resting(), Duration.ofSeconds(2));
        whenTheDeviceRuns(SENSOR_OFF, Duration.ofSeconds(1));

        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2).get(0).value()).isEqualTo(97.0);
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE).get(0).value()).isEqualTo(72.0);
        assertThat(sink.last(VitalSign.SPO2).value()).isNaN();
        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true);
    }

    @Test
    void streams_firmware_46_replies_only_after_the_start_command() {
        Contec46Simulator device = new Contec46Simulator();
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        device.tick(NOW, PatientState.resting(), written::writeBytes);

        assertThat(written.size()).isZero();
        assertThat(device.isStreaming()).isFalse();
    }

    @Test
    void round_trips_firmware_46_replies_for_a_minute_while_the_session_keeps_it_alive() {
        Contec46Simulator device = new Contec46Simulator();
        givenSessionWithDevice("contec46", device);

        whenTheDeviceRuns(PatientState.resting(), Duration.ofSeconds(50));
        whenTheDeviceRuns(SENSOR_OFF, Duration.ofSeconds(10));

        assertThat(device.isStreaming()).isTrue();
        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.readingsOf(VitalSign.SPO2).get(0).value()).isEqualTo(97.0);
        assertThat(sink.readingsOf(VitalSign.PULSE_RATE).get(0).value()).isEqualTo(72.0);
        assertThat(sink.readingsOf(VitalSign.SPO2)).hasSizeGreaterThanOrEqualTo(59);
        assertThat(sink.conditionsOf(Kind.SENSOR_OFF)).extracting(RecordingSink.Condition::active).containsExactly(true);
    }

    @Test
    void round_trips_motion_as_a_firmware_46_pulse_search() {
        givenSessionWithDevice("contec46", new Contec46Simulator());

        whenTheDeviceRuns(new PatientState(95, 88, 0, 0, 0, 0, 1.0, false, true), Duration.ofSeconds(1));

        assertThat(sink.last(VitalSign.SPO2).value()).isNaN();
        assertThat(sink.last(VitalSign.SPO2).quality()).hasToString("searching");
        assertThat(sink.conditions).isEmpty();
    }

    @Test
    void stops_streaming_firmware_46_replies_ten_seconds_after_the_last_keep_alive() {
        Contec46Simulator device = new Contec46Simulator();
        givenSessionWithDevice("contec46", device);
        sessionTicks = false;

        whenTheDeviceRuns(PatientState.resting(), Contec46Simulator.KEEP_ALIVE_TIMEOUT.plusSeconds(1));
        int writtenBeforeSilence = bytesWritten;
        whenTheDeviceRuns(PatientState.resting(), Duration.ofSeconds(5));

        assertThat(device.isStreaming()).isFalse();
        assertThat(writtenBeforeSilence).isPositive();
        assertThat(bytesWritten).isEqualTo(writtenBeforeSilence);
    }

    private void givenSessionWithDevice(String protocol, DeviceSimulator device) {
        simulator = device;
        session = Protocols.byName(protocol).open(bytes -> simulator.received(bytes, now, PatientState.resting(), wire::put), sink);
        session.start(now);
    }

    private void whenTheDeviceRuns(PatientState state, Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            simulator.tick(now, state, bytes -> {
                bytesWritten += bytes.length;
                wire.put(bytes);
            });
            wire.flip();
            session.received(wire, now);
            wire.compact();
            if (sessionTicks && !now.isBefore(nextSessionTick)) {
                session.tick(now);
                nextSessionTick = now.plus(TICK);
            }
            now = now.plus(simulator.frameInterval());
        }
    }
}
