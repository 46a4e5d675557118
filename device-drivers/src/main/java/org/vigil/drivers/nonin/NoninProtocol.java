package org.vigil.drivers.nonin;

import java.time.Duration;
import java.time.Instant;
import java.nio.ByteBuffer;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/** A Nonin oximeter read in one data format; the session selects that format when it starts. */
public final class NoninProtocol implements DeviceProtocol {

    private final NoninFormat format;

    public NoninProtocol(NoninFormat format) {
        this.format = format;
    }

    @Override
    public String name() {
        return "nonin" + format.number();
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LineSettings.B9600_8N1;
    }

    /**
     * #2/#7 write 75 frames a second, so two quiet seconds are six lost packets; #8 writes once a
     * second and gets three seconds, three lost packets.
     */
    @Override
    public Duration maximumQuietTime() {
        return format == NoninFormat.FORMAT_8 ? Duration.ofSeconds(3) : Duration.ofSeconds(2);
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        NoninDecoder decoder = NoninDecoder.of(format);
        return new ProtocolSession() {
            @Override
            public void start(Instant now) {
                decoder.expectReply();
                link.send(format.selectCommand());
            }

            @Override
            public void received(ByteBuffer in, Instant now) {
                decoder.decode(in, now, sink);
            }
        };
    }
}
