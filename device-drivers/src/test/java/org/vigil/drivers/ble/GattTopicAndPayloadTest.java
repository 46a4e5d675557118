package org.vigil.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GattTopicAndPayloadTest {

    @ParameterizedTest(name = "''{0}'' names {1}")
    @CsvSource(delimiter = '|', textBlock = """
            vigil/bed1/2a5f                                    | 10847
            vigil/bed1/2A5E                                    | 10846
            vigil/bed1/0x2a35                                  | 10805
            bridge/AA:BB/0x2A36                                | 10806
            gw/00002a5f-0000-1000-8000-00805f9b34fb            | 10847
            gw/00002A35-0000-1000-8000-00805F9B34FB            | 10805
            2a5f                                               | 10847
            vigil/bed1/plx                                     | -1
            vigil/bed1/2a5f/json                               | -1
            gw/12345678-0000-1000-8000-00805f9b34fb            | -1
            gw/00002a5f-0000-1000-8000-00805f9b34fc            | -1
            vigil/bed1/02a5f                                   | -1
            ''                                                 | -1
            """)
    void theTopicsLastLevelNamesTheCharacteristic(String topic, int uuid) {
        assertThat(GattCharacteristic.uuidInTopic(topic)).isEqualTo(uuid);
    }

    @ParameterizedTest(name = "''{0}'' is hex text")
    @CsvSource(delimiter = '|', textBlock = """
            0C6100480024F0
            0c 61 00 48 00 24 f0
            0C:61:00:48:00:24:F0
            '0C 61 00 48 00 24 F0\r\n'
            """)
    void aHexStringPayloadIsDecodedToItsBytes(String text) {
        byte[] value = GattPayload.value(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));

        assertThat(Hex.of(value)).isEqualTo("0C 61 00 48 00 24 F0");
    }

    @Test
    void aBinaryPayloadIsTakenAsIs() {
        byte[] binary = Hex.bytes("0C 61 00 48 00 24 F0");

        assertThat(GattPayload.value(ByteBuffer.wrap(binary))).isEqualTo(binary);
    }

    @Test
    void textWithAnOddNumberOfHexDigitsIsNotHexText() {
        byte[] text = "abc".getBytes(StandardCharsets.US_ASCII);

        assertThat(GattPayload.value(ByteBuffer.wrap(text))).isEqualTo(text);
    }
}
