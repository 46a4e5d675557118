package org.vigil.simulators.integration;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.model.Quality;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenarios;

/**
 * Serial oximeters through a virtual serial port: the simulator writes to one end of a socat
 * pseudo-terminal pair, the driver reads the other end through jSerialComm with the protocol's line
 * settings (Masimo 9600 8N1, Contec 19200 8O1, Nonin 9600 8N1). A pseudo-terminal carries bytes
 * whatever the line settings, so this proves that the driver opens and configures the port with
 * them, not that the parity itself is right; that takes a real cable.
 */
class SerialDeviceIntegrationTest {

    private static final SimulatorCatalog CATALOG = SimulatorCatalog.standard();

    private Bench bench;

    @BeforeEach
    void givenSocat() {
        Environment.requireSocat();
    }

    @AfterEach
    void unplug() {
        if (bench != null) {
            bench.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masimo", "contec", "nonin8"})
    void normal(String protocol) throws IOException {
        bench = Bench.serial(CATALOG, protocol, Scenarios.normal(), 1);

        Expectations.normal(bench);
    }

    @Test
    void masimoDesaturation() throws IOException {
        bench = Bench.serial(CATALOG, "masimo", Scenarios.desaturation(), Expectations.DESATURATION_TIME_SCALE);

        Expectations.desaturation(bench, Expectations.DESATURATION_TIME_SCALE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masimo", "contec"})
    void sensorOff(String protocol) throws IOException {
        bench = Bench.serial(CATALOG, protocol, Scenarios.normal(), Expectations.SENSOR_OFF_TIME_SCALE);

        Expectations.sensorOff(bench);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"masimo", "contec"})
    void garbage(String protocol) throws IOException {
        bench = Bench.serial(CATALOG, protocol, Scenarios.garbage(), 1);

        Expectations.garbage(bench);
    }

    /** The port stays open while the line is dead: the driver must notice the silence, reopen and stream again. */
    @Test
    void masimoCablePull() throws IOException {
        var quietTime = org.vigil.drivers.Protocols.byName("masimo").maximumQuietTime();
        var period = quietTime.plus(Expectations.PULL_LONGER_THAN_QUIET_TIME);
        bench = Bench.serial(CATALOG, "masimo", Scenarios.cablePull(Expectations.PULL_AFTER, period), 1);

        Expectations.cablePull(bench, period, Bench.RECONNECT.maximum());
    }

    @Test
    void nonin8Artifact() throws IOException {
        bench = Bench.serial(CATALOG, "nonin8", Scenarios.artifact(), Expectations.ARTIFACT_TIME_SCALE);

        Expectations.artifact(bench, Quality.Flag.ARTIFACT);
    }
}
