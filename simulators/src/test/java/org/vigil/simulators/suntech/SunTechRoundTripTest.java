package org.vigil.simulators.suntech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.suntech.SunTechProtocol;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import org.vigil.simulators.PatientState;

/** The driver session talking to the simulated module over an in-memory line, in explicit time steps. */
class SunTechRoundTripTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration STEP = Duration.ofMillis(250);

    private final List<String> events = new ArrayList<>();
    private final List<InvalidFrame> invalid = new ArrayList<>();
    private final SunTechModuleSimulator module = new SunTechModuleSimulator(Duration.ofSeconds(25));
    private final List<byte[]> toModule = new ArrayList<>();
    private final List<byte[]> toHost = new ArrayList<>();
    private ProtocolSession session;
    private Instant now = T0;
    private PatientState patient = PatientState.resting();

    private void givenAConnectedModule(SunTechProtocol protocol) {
        session = protocol.open(toModule::add, new DecoderSink() {
            @Override
            public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
                events.add(vital + " " + value);
            }

            @Override
            public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
                events.add(kind + (active ? " raised" : " cleared"));
            }

            @Override
            public void invalidFrame(InvalidFrame frame) {
                invalid.add(frame);
            }
        });
        session.start(now);
        deliver();
    }

    private void runFor(Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            now = now.plus(STEP);
            module.tick(now, patient, toHost::add);
            session.tick(now);
            deliver();
        }
    }

    private void deliver() {
        while (!toModule.isEmpty() || !toHost.isEmpty()) {
            List<byte[]> commands = List.copyOf(toModule);
            toModule.clear();
            commands.forEach(bytes -> module.received(bytes, now, patient, toHost::add));
            List<byte[]> replies = List.copyOf(toHost);
            toHost.clear();
            replies.forEach(bytes -> session.received(ByteBuffer.wrap(bytes), now));
        }
    }

    @Test
    void startBpInflatesTheCuffThenReportsTheBloodPressureAndClearsInflation() {
        givenAConnectedModule(SunTechProtocol.onRequestOnly());

        assertThat(session.command(DeviceCommand.START_BP, now)).isTrue();
        deliver();
        runFor(Duration.ofSeconds(30));

        assertThat(events).first().isEqualTo("CUFF_INFLATING raised");
        assertThat(events).filteredOn(e -> !e.startsWith("CUFF_INFLATING raised")).containsExactly(
                "CUFF_INFLATING cleared", "BP_SYS 124.0", "BP_DIA 78.0", "BP_MEAN 93.0", "PULSE_RATE 72.0");
        assertThat(events).filteredOn(e -> e.startsWith("CUFF_INFLATING raised")).hasSizeGreaterThan(15);
        assertThat(invalid).isEmpty();
    }

    @Test
    void theScheduleMeasuresEveryIntervalWithoutBeingAsked() {
        givenAConnectedModule(SunTechProtocol.every(Duration.ofMinutes(5)));

        runFor(Duration.ofMinutes(11));

        assertThat(events).filteredOn(e -> e.startsWith("BP_SYS")).hasSize(2);
        assertThat(module.isMeasuring()).isFalse();
    }

    @Test
    void aCuffOffTheArmEndsInCuffErrorAndNoReading() {
        patient = new PatientState(97, 72, 124, 78, 93, 14, 3.6, true, false);
        givenAConnectedModule(SunTechProtocol.onRequestOnly());

        session.command(DeviceCommand.START_BP, now);
        deliver();
        runFor(Duration.ofSeconds(30));

        assertThat(events).containsExactly("CUFF_ERROR raised");
    }

    @Test
    void motionDuringTheMeasurementEndsInCuffErrorWhichTheNextGoodMeasurementClears() {
        patient = new PatientState(97, 72, 124, 78, 93, 14, 3.6, false, true);
        givenAConnectedModule(SunTechProtocol.onRequestOnly());
        session.command(DeviceCommand.START_BP, now);
        deliver();
        runFor(Duration.ofSeconds(30));
        assertThat(events).filteredOn(e -> e.startsWith("CUFF_ERROR")).containsExactly("CUFF_ERROR raised");

        patient = PatientState.resting();
        session.command(DeviceCommand.START_BP, now);
        deliver();
        runFor(Duration.ofSeconds(30));

        assertThat(events).filteredOn(e -> e.startsWith("CUFF_ERROR")).containsExactly("CUFF_ERROR raised", "CUFF_ERROR cleared");
        assertThat(events).contains("BP_SYS 124.0");
    }

    @Test
    void abortBpDeflatesTheCuffOfTheModule() {
        givenAConnectedModule(SunTechProtocol.onRequestOnly());
        session.command(DeviceCommand.START_BP, now);
        deliver();
        runFor(Duration.ofSeconds(5));

        session.command(DeviceCommand.ABORT_BP, now);
        deliver();
        runFor(Duration.ofSeconds(30));

        assertThat(module.isMeasuring()).isFalse();
        assertThat(events).last().isEqualTo("CUFF_INFLATING cleared");
        assertThat(events).noneMatch(e -> e.startsWith("BP_") || e.startsWith("CUFF_ERROR"));
    }
}
