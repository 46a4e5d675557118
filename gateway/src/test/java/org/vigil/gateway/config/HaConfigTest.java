package org.vigil.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaConfigTest {

    @TempDir
    Path configDirectory;

    private static final String PAIR = """
            http:
              bind: 127.0.0.1
              port: 8081
            mqtt:
              url: tcp://broker.clinic.example:1883
            storage:
              jdbc-url: jdbc:postgresql://db.clinic.example:5432/vigil
            ha:
              enabled: true
              peers:
                - https://vigil-a.clinic.example:8443
                - https://vigil-b.clinic.example:8443
            beds:
              - id: bed-1
                devices:
                  - id: bed-1-oximeter
                    protocol: json
                    mqtt:
                      topic: ward/bed-1/oximeter
            """;

    @BeforeEach
    void givenAnAlarmProfileFolder() throws IOException {
        Files.createDirectories(configDirectory.resolve("alarm-profiles"));
        Files.writeString(configDirectory.resolve("alarm-profiles/kap-adult.yaml"), "name: kap-adult\n");
    }

    @Test
    void withoutAnHaSectionTheGatewayIsASingleNode() throws Exception {
        VigilConfig config = givenTheFile(PAIR.substring(0, PAIR.indexOf("ha:")) + PAIR.substring(PAIR.indexOf("beds:")));

        assertThat(config.ha().isEnabled()).isFalse();
    }

    @Test
    void aPairLoadsWithTheDefaultTimings() throws Exception {
        VigilConfig config = givenTheFile(PAIR);

        assertThat(config.ha().isEnabled()).isTrue();
        assertThat(config.ha().lease().duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.ha().renew().duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.ha().poll().duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.ha().peers()).containsExactly("https://vigil-a.clinic.example:8443", "https://vigil-b.clinic.example:8443");
    }

    @Test
    void aPairOnTheEmbeddedDatabaseIsNamedWithItsLine() {
        String text = PAIR.replace("storage:\n  jdbc-url: jdbc:postgresql://db.clinic.example:5432/vigil\n", "");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:7: ha.enabled: active/standby needs storage on PostgreSQL");
    }

    @Test
    void aPairOnTheEmbeddedBrokerIsNamed() {
        String text = PAIR.replace("mqtt:\n  url: tcp://broker.clinic.example:1883\n", "");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ha.enabled: active/standby needs an external MQTT broker");
    }

    @Test
    void aRenewalIntervalLongerThanHalfTheLeaseIsNamedWithItsLine() {
        String text = PAIR.replace("  enabled: true\n", "  enabled: true\n  lease: 2s\n  renew: 1500ms\n");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:11: ha.renew: must be at least 100ms and at most half the lease");
    }

    @Test
    void aPeerThatIsNotAGatewayUrlIsNamedWithItsLine() {
        String text = PAIR.replace("https://vigil-b.clinic.example:8443", "vigil-b:8443/dashboard");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:12: ha.peers[1]: must be a gateway's public URL");
    }

    @Test
    void aPairOnAllAddressesWithoutAPublicUrlIsNamed() {
        String text = PAIR.replace("  bind: 127.0.0.1", "  bind: 0.0.0.0");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.public-url: give the address the dashboard reaches this gateway at");
    }

    private VigilConfig givenTheFile(String text) throws ConfigException {
        return ConfigLoader.parse("vigil.yaml", text, configDirectory);
    }
}
