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

/** The {@code hl7:} section: one entry per destination, mistakes named with file, line and key. */
class Hl7ConfigTest {

    private static final String BEDS = """
            beds:
              - id: bed-1
                devices:
                  - id: bed-1-oximeter
                    protocol: json
                    mqtt:
                      topic: vigil/devices/bed-1/oximeter
            """;

    private static final String DESTINATIONS = """
            hl7:
              - name: ehr
                kind: pcd-01
                host: engine.clinic.local
                port: 6661
                sending-facility: KCLINIC
                receiving-application: EPIC
                receiving-facility: HOSP
              - name: alarms
                kind: pcd-04
                host: 10.0.0.7
                port: 6662
                tls: true
                ack-timeout: 10s
                lag-alarm: 30s
            """;

    @TempDir
    Path configDirectory;

    @BeforeEach
    void givenAnAlarmProfileFolder() throws IOException {
        Files.createDirectories(configDirectory.resolve("alarm-profiles"));
        Files.writeString(configDirectory.resolve("alarm-profiles/kap-adult.yaml"), "name: kap-adult\n");
    }

    @Test
    void destinationsLoadIntoTypedRecordsWithTheirDefaults() throws Exception {
        VigilConfig config = load(BEDS + DESTINATIONS);

        assertThat(config.hl7()).hasSize(2);
        Hl7DestinationConfig ehr = config.hl7().get(0);
        assertThat(ehr.kind()).isEqualTo(Hl7Kind.PCD_01);
        assertThat(ehr.host()).isEqualTo("engine.clinic.local");
        assertThat(ehr.port()).isEqualTo(6661);
        assertThat(ehr.tls()).isFalse();
        assertThat(ehr.sendingFacility()).isEqualTo("KCLINIC");
        assertThat(ehr.receivingApplication()).isEqualTo("EPIC");
        assertThat(ehr.ackTimeout().duration()).isEqualTo(Hl7DestinationConfig.DEFAULT_ACK_TIMEOUT);
        assertThat(ehr.lagAlarm().duration()).isEqualTo(Hl7DestinationConfig.DEFAULT_LAG_ALARM);
        Hl7DestinationConfig alarms = config.hl7().get(1);
        assertThat(alarms.kind()).isEqualTo(Hl7Kind.PCD_04);
        assertThat(alarms.tls()).isTrue();
        assertThat(alarms.sendingFacility()).isEqualTo("VIGIL");
        assertThat(alarms.ackTimeout().duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(alarms.lagAlarm().duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutAnHl7SectionThereAreNoDestinations() throws Exception {
        assertThat(load(BEDS).hl7()).isEmpty();
    }

    @Test
    void anUnknownKindIsNamedWithItsLine() {
        assertThatThrownBy(() -> load(BEDS + DESTINATIONS.replace("kind: pcd-04", "kind: pcd-02")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:17: hl7[1].kind: 'pcd-02' is not an HL7 kind; one of pcd-01, pcd-04");
    }

    @Test
    void aMissingPortAndHostAndKindAreEachNamed() {
        String text = BEDS + """
                hl7:
                  - name: ehr
                    tls: false
                """;

        assertThatThrownBy(() -> load(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:9: hl7[0].kind: missing; one of pcd-01, pcd-04")
                .hasMessageContaining("vigil.yaml:9: hl7[0].host: missing host")
                .hasMessageContaining("vigil.yaml:9: hl7[0].port: missing port");
    }

    @Test
    void aPortOutOfRangeADuplicateNameAndAShortTimeoutAreNamedWithTheirLines() {
        String text = BEDS + DESTINATIONS.replace("port: 6662", "port: 70000").replace("name: alarms", "name: ehr")
                .replace("ack-timeout: 10s", "ack-timeout: 10ms");

        assertThatThrownBy(() -> load(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:16: hl7[1].name: duplicate HL7 destination id 'ehr'")
                .hasMessageContaining("vigil.yaml:19: hl7[1].port: port 70000 is out of range 1-65535")
                .hasMessageContaining("vigil.yaml:21: hl7[1].ack-timeout: must be at least 100ms");
    }

    @Test
    void aFacilityNameWithAnHl7DelimiterOrTooLongIsRefused() {
        String text = BEDS + DESTINATIONS.replace("sending-facility: KCLINIC", "sending-facility: K^CLINIC")
                .replace("receiving-facility: HOSP", "receiving-facility: A-HOSPITAL-NAME-THAT-IS-TOO-LONG");

        assertThatThrownBy(() -> load(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:13: hl7[0].sending-facility: 'K^CLINIC' may not contain")
                .hasMessageContaining("vigil.yaml:15: hl7[0].receiving-facility: 'A-HOSPITAL-NAME-THAT-IS-TOO-LONG' is longer than 20 characters");
    }

    @Test
    void aWrongDurationIsNamedWithItsLine() {
        assertThatThrownBy(() -> load(BEDS + DESTINATIONS.replace("lag-alarm: 30s", "lag-alarm: soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.yaml:22: hl7[1].lag-alarm: 'soon' is not a duration");
    }

    private VigilConfig load(String text) throws Exception {
        Path file = configDirectory.resolve("vigil.yaml");
        Files.writeString(file, text);
        return ConfigLoader.load(file);
    }
}
