package org.vigil.drivers.contec;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/**
 * Contec CMS50D+/CMS50E firmware 4.6 (docs/wire-formats.md §4.2): the host starts the live
 * stream with command A1 and keeps it going with AF keep-alives; every command is
 * {@code 7D 81 op 80 80 80 80 80 80}.
 */
public final class Contec46Protocol implements DeviceProtocol {

    static final LineSettings LINE = new LineSettings(115200, 8, LineSettings.Parity.NONE, 1);
    static final byte START_LIVE = (byte) 0xA1;
    static final byte KEEP_ALIVE = (byte) 0xAF;
    /** The device stops streaming after about 10 s without a keep-alive; every 5 s leaves a margin of one lost command. */
    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "contec46";
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LINE;
    }

    /** About 60 replies a second once streaming; three seconds also covers the start after A1. */
    @Override
    public Duration maximumQuietTime() {
        return Duration.ofSeconds(3);
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return new Session(link, sink);
    }

    public static byte[] hostCommand(byte op) {
        return new byte[] {0x7D, (byte) 0x81, op, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
    }

    private static final class Session implements ProtocolSession {

        private final HostLink link;
        private final DecoderSink sink;
        private final Contec46Decoder decoder = new Contec46Decoder();
        private Instant lastCommand;

        Session(HostLink link, DecoderSink sink) {
            this.link = link;
            this.sink = sink;
        }

        @Override
        public void start(Instant now) {
            link.send(hostCommand(START_LIVE));
            lastCommand = now;
        }

        @Override
        public void received(ByteBuffer in, Instant now) {
            decoder.decode(in, now, sink);
        }

        @Override
        public void tick(Instant now) {
            if (lastCommand != null && !now.isBefore(lastCommand.plus(KEEP_ALIVE_INTERVAL))) {
                link.send(hostCommand(KEEP_ALIVE));
                lastCommand = now;
            }
        }
    }
}
