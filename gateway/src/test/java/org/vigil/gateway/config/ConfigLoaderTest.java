package org.vigil.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.LineSettings;

class ConfigLoaderTest {

    @TempDir
    Path configDirectory;

    @BeforeEach
    void givenAnAlarmProfileFolder() throws IOException {
        Files.createDirectories(configDirectory.resolve("alarm-profiles"));
        Files.writeString(configDirectory.resolve("alarm-profiles/kap-adult.yaml"), "name: kap-adult\n");
    }

    private static final String VALID = """
            http:
              bind: 127.0.0.1
              port: 8081
            beds:
              - id: bed-1
                label: Room 1
                devices:
                  - id: bed-1-oximeter
                    protocol: masimo
                    serial:
                      port: /dev/ttyUSB0
                      line-settings: 9600 8N1
                  - id: bed-1-nibp
                    protocol: suntech
                    tcp:
                      host: 127.0.0.1
                      port: 4001
                    bp-interval: 15m
              - id: bed-2
                devices:
                  - id: bed-2-oximeter
                    protocol: json
                    mqtt:
                      topic: vigil/devices/bed-2/oximeter
                    maximum-quiet-time: 5s
            """;

    @Test
    void aValidFileLoadsIntoTypedRecordsWithDefaults() throws Exception {
        VigilConfig config = givenTheFile(VALID);

        assertThat(config.http().port()).isEqualTo(8081);
        assertThat(config.mqtt().embedded()).isTrue();
        assertThat(config.mqtt().brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(config.beds()).extracting(BedConfig::id).containsExactly("bed-1", "bed-2");
        assertThat(config.beds().get(1).label()).isEqualTo("bed-2");
        assertThat(config.beds().get(0).alarmProfile()).isEqualTo("kap-adult");
        assertThat(config.beds().get(0).devices().get(0).endpoint())
                .isEqualTo(new DeviceEndpoint.Serial("/dev/ttyUSB0", LineSettings.B9600_8N1));
        assertThat(config.beds().get(0).devices().get(1).endpoint()).isEqualTo(new DeviceEndpoint.Tcp("127.0.0.1", 4001));
        assertThat(config.beds().get(0).devices().get(1).bpInterval().duration()).hasMinutes(15);
        assertThat(config.beds().get(1).devices().get(0).maximumQuietTime().duration()).hasSeconds(5);
    }

    @Test
    void httpsWithPemFilesAndAPublicUrlLoadWithHstsOn() throws Exception {
        Files.writeString(configDirectory.resolve("vigil.crt"), "not checked before start");
        Files.writeString(configDirectory.resolve("vigil.key"), "not checked before start");
        String text = VALID.replace("  port: 8081", "  port: 8081\n  public-url: https://vigil.clinic.example:8443\n"
                + "  tls:\n    certificate: vigil.crt\n    key: vigil.key");

        VigilConfig config = givenTheFile(text);

        assertThat(config.http().tls()).isEqualTo(new HttpConfig.TlsConfig("vigil.crt", "vigil.key", null));
        assertThat(config.http().hsts()).isTrue();
        assertThat(config.http().scheme()).isEqualTo("https");
        assertThat(config.http().publicUrl()).isEqualTo("https://vigil.clinic.example:8443");
        assertThat(config.http().requestTimeout().duration()).hasSeconds(10);
    }

    @Test
    void aPemCertificateWithoutItsKeyAndAMissingFileAreNamedWithTheirLines() {
        String text = VALID.replace("  port: 8081", "  port: 8081\n  tls:\n    certificate: missing.crt");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString)
                        .containsExactly("vigil.yaml:5: http.tls.certificate: cannot read missing.crt",
                                "vigil.yaml:4: http.tls.key: give the PEM private key file of the certificate"));
    }

    @Test
    void aPublicUrlThatIsNotAnHttpUrlIsNamedWithItsLine() {
        String text = VALID.replace("  port: 8081", "  port: 8081\n  public-url: ftp://vigil");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:4: http.public-url: must be an http:// or https:// URL of a host, without query or user");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        String text = VALID.replace("    label: Room 1", "    lable: Room 1");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("vigil.yaml:6: beds[0].lable: unknown key 'lable'");
    }

    @Test
    void aPortOutOfRangeIsNamedWithItsLine() {
        String text = VALID.replace("port: 8081", "port: 99999");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:3: http.port: port 99999 is out of range 1-65535");
    }

    @Test
    void aPortThatIsNotANumberIsNamedWithItsLine() {
        String text = VALID.replace("      port: 4001", "      port: forty");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:17: beds[0].devices[1].tcp.port: 'forty' is not a whole number");
    }

    @Test
    void aDeviceWithoutTransportIsNamedWithItsLine() {
        String text = VALID.replace("""
                        mqtt:
                          topic: vigil/devices/bed-2/oximeter
                """, "");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:21: beds[1].devices[0]: missing device transport: give one of serial, tcp or mqtt");
    }

    @Test
    void badLineSettingsUnknownProtocolAndDuplicateIdsAreAllReported() {
        String text = VALID.replace("9600 8N1", "9600 8X1")
                .replace("protocol: suntech", "protocol: suntek")
                .replace("id: bed-2-oximeter", "id: bed-1-oximeter");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::toString)
                        .containsExactly(
                                "vigil.yaml:12: beds[0].devices[0].serial.line-settings: parity must be N, O or E in '9600 8X1'",
                                "vigil.yaml:14: beds[0].devices[1].protocol: unknown protocol 'suntek'; one of "
                                        + String.join(", ", org.vigil.drivers.Protocols.names()),
                                "vigil.yaml:21: beds[1].devices[0].id: duplicate device id 'bed-1-oximeter'"));
    }

    @Test
    void aMeasurementIntervalOnADeviceThatIsNotStartedOnAScheduleIsNamedWithItsLine() {
        String text = VALID.replace("maximum-quiet-time: 5s", "bp-interval: 15m");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:25: beds[1].devices[0].bp-interval: protocol 'json' is not started on a "
                        + "schedule by the gateway; only suntech takes a bp-interval");
    }

    @Test
    void aMeasurementIntervalShorterThanTheCuffAllowsIsNamedWithItsLine() {
        String text = VALID.replace("bp-interval: 15m", "bp-interval: 30s");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:18: beds[0].devices[1].bp-interval: must be at least 1m: "
                        + "a cuff needs time between measurements");
    }

    @Test
    void aMissingAlarmProfileIsNamed() {
        String text = VALID.replace("    label: Room 1", "    label: Room 1\n    alarm-profile: paediatric");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:7: beds[0].alarm-profile: no alarm profile 'paediatric' in alarm-profiles/");
    }

    @Test
    void aBadDurationIsNamedWithItsLine() {
        String text = VALID.replace("maximum-quiet-time: 5s", "maximum-quiet-time: five seconds");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("vigil.yaml:25: beds[1].devices[0].maximum-quiet-time: 'five seconds' is not a duration like 500ms, 30s, 15m or 2h");
    }

    @Test
    void aSyntaxErrorIsNamedWithItsLine() {
        String text = VALID.replace("  bind: 127.0.0.1", "  bind: [127.0.0.1");

        assertThatThrownBy(() -> givenTheFile(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("vigil.yaml:");
    }

    @Test
    void aMissingFileIsReported() {
        assertThatThrownBy(() -> ConfigLoader.load(configDirectory.resolve("absent.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("absent.yaml:0: file not found");
    }

    @Test
    void theShippedConfigurationsAreValid() throws Exception {
        Path shipped = Path.of("..", "config");
        assertThat(ConfigLoader.load(shipped.resolve("vigil.yaml")).beds()).isNotEmpty();
        assertThat(ConfigLoader.load(shipped.resolve("demo.yaml")).beds()).hasSize(4);
    }

    private VigilConfig givenTheFile(String text) throws ConfigException {
        return ConfigLoader.parse("vigil.yaml", text, configDirectory);
    }
}
