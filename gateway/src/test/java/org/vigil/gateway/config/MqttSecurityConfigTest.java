package org.vigil.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's users, permissions, anonymous setting and TLS listener, as vigil.yaml gives them. */
class MqttSecurityConfigTest {

    private static final String HASH = "\"$2a$10$abcdefghijklmnopqrstuu5Z7uBNRkYH5bKE7kFNGbOAn9Wl2e.m.\"";
    private static final String BEDS = """
            beds:
              - id: bed-1
                devices:
                  - id: bed-1-oximeter
                    protocol: json
                    mqtt:
                      topic: vigil/devices/bed-1/oximeter
            """;

    @TempDir
    Path configDirectory;

    @BeforeEach
    void givenAnAlarmProfileFolder() throws IOException {
        Files.createDirectories(configDirectory.resolve("alarm-profiles"));
        Files.writeString(configDirectory.resolve("alarm-profiles/kap-adult.yaml"), "name: kap-adult\n");
    }

    @Test
    void anonymousAccessIsOffByDefault() throws Exception {
        VigilConfig config = givenTheFile(BEDS);

        assertThat(config.mqtt().anonymous()).isFalse();
        assertThat(config.mqtt().clients()).isEmpty();
        assertThat(config.mqtt().gatewayClientIds()).containsExactly("vigil-gateway", "vigil-gateway-outputs");
    }

    @Test
    void clientsWithTheirTopicsAndTlsLoad() throws Exception {
        Files.writeString(configDirectory.resolve("broker.crt"), "certificate");
        Files.writeString(configDirectory.resolve("broker.key"), "key");

        VigilConfig config = givenTheFile("""
                mqtt:
                  tls:
                    port: 8883
                    certificate: broker.crt
                    key: broker.key
                  clients:
                    - name: bed-1-bridge
                      password-hash: %s
                      publish: [vigil/devices/bed-1/oximeter, ble/bed-1/cuff/+]
                    - name: pager
                      password-hash: %s
                      subscribe: ["vigil/alarms/#", vigil/gateway/status]
                """.formatted(HASH, HASH) + BEDS);

        assertThat(config.mqtt().clients()).extracting(MqttClientConfig::name).containsExactly("bed-1-bridge", "pager");
        assertThat(config.mqtt().clients().get(0).publish()).containsExactly("vigil/devices/bed-1/oximeter", "ble/bed-1/cuff/+");
        assertThat(config.mqtt().clients().get(1).subscribe()).containsExactly("vigil/alarms/#", "vigil/gateway/status");
        assertThat(config.mqtt().tls().certificatePath(config.configDirectory())).isEqualTo(configDirectory.resolve("broker.crt"));
    }

    @Test
    void anonymousAccessOnANetworkAddressIsRejectedWithFileLineAndKey() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  host: 0.0.0.0
                  anonymous: true
                """ + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:3: mqtt.anonymous: anonymous access is only for a test bench on a loopback address");
    }

    @Test
    void anonymousAccessOnLoopbackIsTheTestBenchSetting() throws Exception {
        assertThat(givenTheFile("mqtt:\n  anonymous: true\n" + BEDS).mqtt().anonymous()).isTrue();
    }

    @Test
    void aDeviceMayNotBeGivenTheGatewaysTopicsNorAConsumerTheDevicesReadings() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  clients:
                    - name: sneaky
                      password-hash: %s
                      publish: [vigil/alarms/bed-1, "vigil/+/status", "#"]
                      subscribe: ["vigil/devices/#", "#"]
                """.formatted(HASH) + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:5: mqtt.clients[0].publish[0]: 'vigil/alarms/bed-1' reaches vigil/alarms/# or vigil/gateway/#")
                .hasMessageContaining("mqtt.clients[0].publish[1]: 'vigil/+/status' reaches")
                .hasMessageContaining("mqtt.clients[0].publish[2]: '#' reaches")
                .hasMessageContaining("vigil.yaml:6: mqtt.clients[0].subscribe[0]: 'vigil/devices/#' is outside")
                .hasMessageContaining("mqtt.clients[0].subscribe[1]: '#' is outside");
    }

    @Test
    void aClientNeedsABcryptHashAUniqueNameOtherThanTheGatewaysAndSomethingToDo() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  clients:
                    - name: vigil-gateway
                      password-hash: secret
                      publish: [vigil/devices/bed-1/oximeter]
                    - name: idle
                      password-hash: %s
                    - name: idle
                      password-hash: %s
                      publish: ["a/#/b"]
                """.formatted(HASH, HASH) + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:3: mqtt.clients[0].name: 'vigil-gateway' is the gateway's own MQTT identity")
                .hasMessageContaining("vigil.yaml:4: mqtt.clients[0].password-hash: must be a bcrypt hash")
                .hasMessageContaining("vigil.yaml:6: mqtt.clients[1]: a client needs publish: topics")
                .hasMessageContaining("vigil.yaml:8: mqtt.clients[2].name: duplicate MQTT client id 'idle'")
                .hasMessageContaining("mqtt.clients[2].publish[0]: 'a/#/b' is not a valid MQTT topic filter");
    }

    @Test
    void aTlsListenerNeedsReadableFilesAndAPortOfItsOwn() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  port: 1883
                  tls:
                    port: 1883
                    certificate: missing.crt
                """ + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:4: mqtt.tls.port: the TLS listener needs a port of its own")
                .hasMessageContaining("vigil.yaml:5: mqtt.tls.certificate: cannot read")
                .hasMessageContaining("vigil.yaml:3: mqtt.tls.key: missing");
    }

    @Test
    void brokerUsersBelongToTheExternalBrokerWhenOneIsUsed() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  url: tcp://broker.example:1883
                  anonymous: true
                  clients:
                    - name: pager
                      password-hash: %s
                      subscribe: ["vigil/alarms/#"]
                """.formatted(HASH) + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:3: mqtt.anonymous: applies to the embedded broker only")
                .hasMessageContaining("vigil.yaml:4: mqtt.clients: applies to the embedded broker only");
    }

    @Test
    void theEmbeddedBrokerTakesNoUserNameForTheGatewayBecauseItMakesItsOwn() {
        assertThatThrownBy(() -> givenTheFile("""
                mqtt:
                  username: vigil
                  password-env: VIGIL_MQTT_PASSWORD
                """ + BEDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:2: mqtt.username: applies to an external broker (mqtt.url)")
                .hasMessageContaining("vigil.yaml:3: mqtt.password-env: applies to an external broker (mqtt.url)");
    }

    private VigilConfig givenTheFile(String text) throws ConfigException {
        return ConfigLoader.parse("vigil.yaml", text, configDirectory);
    }
}
