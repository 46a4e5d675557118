package org.vigil.drivers.json;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/** The Vigil JSON reading format: one JSON message per MQTT message, or per line on a byte stream. */
public final class JsonProtocol implements DeviceProtocol {

    public static final String NAME = "json";
    /** Publishers send at least every 5 s (docs/json-reading-format.md); allow two to go missing. */
    static final Duration MAXIMUM_QUIET_TIME = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineSettings defaultLineSettings() {
        return null;
    }

    @Override
    public Duration maximumQuietTime() {
        return MAXIMUM_QUIET_TIME;
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        JsonReadingFormat format = new JsonReadingFormat();
        JsonLineDecoder lines = new JsonLineDecoder();
        return new ProtocolSession() {
            @Override
            public void received(ByteBuffer in, Instant now) {
                lines.decode(in, now, sink);
            }

            @Override
            public void message(String topic, ByteBuffer payload, Instant now) {
                int length = payload.remaining();
                byte[] bytes;
                int offset;
                if (payload.hasArray()) {
                    bytes = payload.array();
                    offset = payload.arrayOffset() + payload.position();
                } else {
                    bytes = new byte[length];
                    payload.duplicate().get(bytes);
                    offset = 0;
                }
                payload.position(payload.limit());
                format.decode(bytes, offset, length, now, sink);
            }
        };
    }
}
