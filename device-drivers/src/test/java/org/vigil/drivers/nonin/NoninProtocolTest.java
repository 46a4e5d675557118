package org.vigil.drivers.nonin;

import org.vigil.drivers.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.drivers.nonin.NoninPackets.concat;
import static org.vigil.drivers.nonin.NoninPackets.format8;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;
import org.vigil.model.VitalSign;

class NoninProtocolTest {

    private static final Instant NOW = Instant.parse("2026-11-29T19:27:46Z");

    private final List<byte[]> sent = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @Test
    void selects_format_7_when_the_session_starts() {
        ProtocolSession session = Protocols.byName("nonin7").open(sent::add, sink);

        session.start(NOW);

        assertThat(sent).containsExactly(new byte[] {0x02, 0x70, 0x02, 0x02, 0x07, 0x03});
    }

    @Test
    void selects_format_8_and_decodes_its_packets_after_the_ack() {
        ProtocolSession session = Protocols.byName("nonin8").open(sent::add, sink);

        session.start(NOW);
        session.received(ByteBuffer.wrap(concat(new byte[] {0x06}, format8(0, 72, 97, 0))), NOW);

        assertThat(sent).containsExactly(new byte[] {0x02, 0x70, 0x02, 0x02, 0x08, 0x03});
        assertThat(sink.invalidFrames).isEmpty();
        assertThat(sink.last(VitalSign.SPO2).value()).isEqualTo(97.0);
    }

    @Test
    void registers_formats_2_7_and_8_with_their_line_settings_and_quiet_times() {
        assertThat(Protocols.names()).contains("nonin2", "nonin7", "nonin8");
        assertThat(Protocols.byName("nonin7").defaultLineSettings()).isEqualTo(LineSettings.parse("9600 8N1"));
        assertThat(Protocols.byName("nonin7").maximumQuietTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Protocols.byName("nonin8").maximumQuietTime()).isEqualTo(Duration.ofSeconds(3));
    }
}
