package org.vigil.simulators.suntech;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.simulators.PatientState;

class SunTechModuleSimulatorTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final PatientState RESTING = PatientState.resting();

    private final SunTechModuleSimulator module = new SunTechModuleSimulator(Duration.ofSeconds(20));
    private final List<String> written = new ArrayList<>();

    private void host(String hex, Instant now, PatientState state) {
        module.received(HexFormat.of().parseHex(hex.replace(" ", "")), now, state, bytes -> written.add(hex(bytes)));
    }

    private void tick(Instant now, PatientState state) {
        module.tick(now, state, bytes -> written.add(hex(bytes)));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource(delimiter = '|', textBlock = """
            3A 20 A6       | 3E 04 4F 6F
            3A 87 3F       | 3E 04 4F 6F
            3A 28 9E       | 3E 04 4F 6F
            3A 79 01 00 4C | 3E 04 41 7D
            3A 79 05 00 48 | 3E 05 00 00 BD
            3A 79 02 03 48 | 3E 04 4F 6F
            3A 00 C6       | 3E 04 4F 6F
            """)
    void anIdleModuleAnswersEveryHostCommandWithItsExactFrame(String command, String reply) {
        host(command, T0, RESTING);

        assertThat(written).containsExactly(reply);
    }

    @Test
    void aStartWhileMeasuringIsAnsweredBusy() {
        host("3A 20 A6", T0, RESTING);
        host("3A 20 A6", T0.plusSeconds(1), RESTING);
        host("3A 79 02 03 48", T0.plusSeconds(1), RESTING);

        assertThat(written).containsExactly("3E 04 4F 6F", "3E 04 42 7C", "3E 04 42 7C");
    }

    @Test
    void aCommandSplitAcrossWritesAndSurroundedByNoiseIsStillAnswered() {
        host("00 3A 79", T0, RESTING);
        assertThat(written).isEmpty();
        host("05 00 48", T0, RESTING);

        assertThat(written).containsExactly("3E 05 00 00 BD");
    }

    @Test
    void theCuffInflatesAboveSystolicThenDeflatesAndTheModuleSaysComplete() {
        host("3A 20 A6", T0, RESTING);

        assertThat(module.cuffPressure(T0.plusSeconds(6))).isEqualTo(124 + 30);
        assertThat(module.cuffPressure(T0.plusSeconds(3))).isEqualTo(77);
        assertThat(module.cuffPressure(T0.plusSeconds(13))).isEqualTo(77);
        tick(T0.plusSeconds(19), RESTING);
        assertThat(written).containsExactly("3E 04 4F 6F");
        tick(T0.plusSeconds(20), RESTING);

        assertThat(written).containsExactly("3E 04 4F 6F", "3E 04 4B 73");
        assertThat(module.isMeasuring()).isFalse();
    }

    @Test
    void theResultFrameCarriesThePatientsPressuresAndPulse() {
        host("3A 20 A6", T0, RESTING);
        tick(T0.plusSeconds(20), RESTING);
        written.clear();

        host("3A 79 03 00 4A", T0.plusSeconds(20), RESTING);

        assertThat(written).containsExactly("3E 18 7C 00 4E 00 00 00 00 00 00 00 00 00 00 00 48 00 5D 00 00 00 00 3B");
    }

    @Test
    void aCuffOffTheArmNeverInflatesAndFailsWithInflateTimeout() {
        PatientState cuffOff = new PatientState(97, 72, 124, 78, 93, 14, 3.6, true, false);
        host("3A 20 A6", T0, cuffOff);
        assertThat(module.cuffPressure(T0.plusSeconds(5))).isLessThan(10);
        tick(T0.plusSeconds(6), cuffOff);
        written.clear();

        host("3A 79 03 00 4A", T0.plusSeconds(6), cuffOff);

        assertThat(written.get(0).split(" ")[20]).isEqualTo("57");
    }

    @Test
    void whileInflatingTheCuffPressureIsAnsweredAsInt16LittleEndian() {
        host("3A 20 A6", T0, RESTING);
        written.clear();

        host("3A 79 05 00 48", T0.plusSeconds(3), RESTING);
        host("3A 79 05 00 48", T0.plusSeconds(6), RESTING);

        assertThat(written).containsExactly("3E 05 4D 00 70", "3E 05 9A 00 23");
    }

    @Test
    void motionDuringTheMeasurementFailsWithErraticSignal() {
        PatientState moving = new PatientState(97, 72, 124, 78, 93, 14, 3.6, false, true);
        host("3A 20 A6", T0, RESTING);
        tick(T0.plusSeconds(20), moving);
        written.clear();

        host("3A 79 03 00 4A", T0.plusSeconds(20), moving);

        assertThat(written.get(0).split(" ")[20]).isEqualTo("02");
    }

    @Test
    void anAbortStopsTheMeasurementAndEmptiesTheCuff() {
        host("3A 20 A6", T0, RESTING);
        host("3A 79 01 00 4C", T0.plusSeconds(4), RESTING);
        written.clear();

        host("3A 79 05 00 48", T0.plusSeconds(5), RESTING);
        tick(T0.plusSeconds(30), RESTING);

        assertThat(written).containsExactly("3E 05 00 00 BD");
        assertThat(module.isMeasuring()).isFalse();
    }
}
