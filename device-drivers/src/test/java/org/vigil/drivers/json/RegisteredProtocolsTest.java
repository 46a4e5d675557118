package org.vigil.drivers.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.Protocols;
import org.vigil.drivers.suntech.SunTechProtocol;

class RegisteredProtocolsTest {

    @Test
    void sunTechBluetoothAndJsonProtocolsAreKnownByName() {
        assertThat(Protocols.names()).contains("suntech", "ble-plx", "ble-bp", "json");
        assertThat(Protocols.byName("ble-plx").name()).isEqualTo("ble-plx");
    }

    @Test
    void theRegisteredSunTechMeasuresEveryFifteenMinutes() {
        assertThat(((SunTechProtocol) Protocols.byName("suntech")).interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Protocols.byName("suntech").defaultLineSettings()).hasToString("9600 8N1");
    }
}
