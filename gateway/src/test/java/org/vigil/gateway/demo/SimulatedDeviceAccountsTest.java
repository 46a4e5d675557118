package org.vigil.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.VitalSign;

/** The demo's simulated MQTT devices sign in to a broker without anonymous access, each with its own account. */
class SimulatedDeviceAccountsTest {

    /** The json simulator publishes every second; the ble-plx one every second too. */
    private static final Duration READ = Duration.ofSeconds(15);

    @TempDir
    Path storage;

    private Gateway gateway;
    private SimulatedWard ward;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (ward != null) ward.close();
    }

    @Test
    void eachMqttDeviceGetsAnAccountForItsOwnTopicOnly() {
        VigilConfig config = TestWards.securedConfig(storage, List.of(
                TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo")),
                TestWards.bed("bed-3", TestWards.mqtt("bed-3-oximeter", "json", "vigil/devices/bed-3/oximeter")),
                TestWards.bed("bed-4", TestWards.mqtt("bed-4-oximeter", "ble-plx", "ble/bed-4/oximeter/+"))));

        SimulatedDeviceAccounts accounts = SimulatedDeviceAccounts.generate(config);

        assertThat(accounts.clients()).extracting(MqttClientConfig::name).containsExactly("sim-bed-3-oximeter", "sim-bed-4-oximeter");
        assertThat(accounts.clients()).extracting(MqttClientConfig::publish)
                .containsExactly(List.of("vigil/devices/bed-3/oximeter"), List.of("ble/bed-4/oximeter/+"));
        assertThat(accounts.clients()).allSatisfy(client -> assertThat(client.subscribe()).isEmpty());
        assertThat(accounts.password("bed-3-oximeter")).isNotEqualTo(SimulatedDeviceAccounts.generate(config).password("bed-3-oximeter"));
    }

    @Test
    void theSimulatedMqttDevicesAreReadThroughABrokerThatRefusesAnonymousClients() throws Exception {
        VigilConfig plain = TestWards.securedConfig(storage, List.of(
                TestWards.bed("bed-3", TestWards.mqtt("bed-3-oximeter", "json", "vigil/devices/bed-3/oximeter")),
                TestWards.bed("bed-4", TestWards.mqtt("bed-4-oximeter", "ble-plx", "ble/bed-4/oximeter/+"))));
        SimulatedDeviceAccounts accounts = SimulatedDeviceAccounts.generate(plain);
        VigilConfig config = plain.withMqtt(plain.mqtt().withClients(accounts.clients()));
        assertThat(config.mqtt().anonymous()).isFalse();

        gateway = Gateway.start(config);
        ward = new SimulatedWard(config, Map.of(), 1, accounts);
        ward.startMqttDevices();

        await("both simulated MQTT devices read").atMost(READ).until(() -> List.of("bed-3", "bed-4").stream()
                .allMatch(bed -> gateway.ward().bed(bed).orElseThrow().latest(VitalSign.SPO2) != null));
    }
}
