package org.vigil.simulators.integration;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.simulators.SimulatorCatalog;
import org.vigil.simulators.scenario.Scenarios;

/**
 * The MQTT devices through a real mosquitto process, the broker clinics run: skipped without it on
 * a developer machine, failed without it in CI.
 */
class MosquittoIntegrationTest {

    private static Brokers.Broker broker;
    private Bench bench;

    @BeforeAll
    static void startMosquitto() throws IOException {
        Environment.requireMosquitto();
        broker = Brokers.mosquitto();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void unplug() {
        if (bench != null) {
            bench.close();
        }
    }

    /** A BLE bridge's characteristics under {@code <base>/<uuid>}, through mosquitto's wildcard subscription. */
    @Test
    void blePlxNormal() {
        bench = Bench.mqtt(SimulatorCatalog.standard(), "ble-plx", Scenarios.normal(), 1, broker.url(), null);

        Expectations.normal(bench);
    }
}
