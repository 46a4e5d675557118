package org.vigil.drivers.contec;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.drivers.contec.ContecDecoderTest.NOW;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;

class ContecProtocolTest {

    private final List<String> sent = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void starts_the_firmware_46_live_stream_and_keeps_it_alive_every_five_seconds() {
        ProtocolSession session = Protocols.byName("contec46").open(bytes -> sent.add(HexFormat.of().formatHex(bytes)), sink);

        session.start(NOW);
        for (int quarter = 1; quarter <= 48; quarter++) {
            session.tick(NOW.plusMillis(250L * quarter));
        }

        assertThat(sent).containsExactly("7d81a1808080808080", "7d81af808080808080", "7d81af808080808080");
    }

    @Test
    void sends_nothing_to_an_old_firmware_device() {
        ProtocolSession session = Protocols.byName("contec").open(bytes -> sent.add(HexFormat.of().formatHex(bytes)), sink);

        session.start(NOW);
        session.tick(NOW.plusSeconds(30));

        assertThat(sent).isEmpty();
    }

    @Test
    void uses_each_firmware_family_line_settings() {
        assertThat(Protocols.byName("contec").defaultLineSettings()).isEqualTo(LineSettings.parse("19200 8O1"));
        assertThat(Protocols.byName("contec46").defaultLineSettings()).isEqualTo(LineSettings.parse("115200 8N1"));
        assertThat(Protocols.byName("contec").maximumQuietTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Protocols.byName("masimo").maximumQuietTime()).isEqualTo(Duration.ofSeconds(3));
    }
}
