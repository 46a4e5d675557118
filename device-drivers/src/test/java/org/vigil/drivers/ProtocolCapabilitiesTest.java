package org.vigil.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.suntech.SunTechProtocol;

class ProtocolCapabilitiesTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    static List<String> registeredProtocols() {
        return List.copyOf(Protocols.names());
    }

    @ParameterizedTest
    @MethodSource("registeredProtocols")
    void aProtocolMeasuresOnCommandExactlyWhenItsSessionTakesStartBp(String name) {
        DeviceProtocol protocol = Protocols.byName(name);
        ProtocolSession session = givenAConnectedSession(protocol);

        boolean accepted = session.command(DeviceCommand.START_BP, T0);

        assertThat(accepted).as(name).isEqualTo(protocol.measuresOnCommand());
    }

    @Test
    void onlyTheSunTechModuleMeasuresOnCommandOrOnASchedule() {
        assertThat(Protocols.names().stream().filter(name -> Protocols.byName(name).measuresOnCommand()))
                .containsExactly("suntech");
        assertThat(Protocols.names().stream().filter(name -> Protocols.byName(name) instanceof ScheduledMeasurement))
                .containsExactly("suntech");
    }

    @Test
    void aScheduledProtocolGivenAnIntervalKeepsItsNameAndMeasuresAtThatInterval() {
        ScheduledMeasurement suntech = (ScheduledMeasurement) Protocols.byName("suntech");

        ScheduledMeasurement everyFiveMinutes = suntech.measuringEvery(Duration.ofMinutes(5));

        assertThat(everyFiveMinutes.name()).isEqualTo("suntech");
        assertThat(everyFiveMinutes.measuresOnCommand()).isTrue();
        assertThat(((SunTechProtocol) everyFiveMinutes).interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(((SunTechProtocol) suntech).interval()).isEqualTo(SunTechProtocol.DEFAULT_INTERVAL);
    }

    @Test
    void aScheduleShorterThanTheMinimumIntervalIsRefused() {
        ScheduledMeasurement suntech = (ScheduledMeasurement) Protocols.byName("suntech");
        Duration tooShort = suntech.minimumInterval().minusSeconds(1);

        assertThat(suntech.minimumInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> suntech.measuringEvery(tooShort))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least");
    }

    @Test
    void aScheduledSessionSendsItsStartCommandWhenTheIntervalHasPassed() {
        List<byte[]> sent = new ArrayList<>();
        ScheduledMeasurement everyMinute = ((ScheduledMeasurement) Protocols.byName("suntech"))
                .measuringEvery(Duration.ofMinutes(1));
        ProtocolSession session = everyMinute.open(sent::add, new RecordingSink());
        session.start(T0);
        sent.clear();

        session.tick(T0.plus(Duration.ofMinutes(1)));

        assertThat(sent).isNotEmpty();
        assertThat(sent.get(0)).containsExactly(0x3A, 0x20, 0xA6);
    }

    private static ProtocolSession givenAConnectedSession(DeviceProtocol protocol) {
        ProtocolSession session = protocol.open(bytes -> { }, new RecordingSink());
        session.start(T0);
        return session;
    }
}
