package org.vigil.drivers.contec;

import java.time.Duration;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/** Contec CMS50D+/CMS50E with older firmware: streams on its own, no host commands. */
public final class ContecProtocol implements DeviceProtocol {

    /** docs/wire-formats.md §4.1: 19200 baud, 8 data bits, odd parity, 1 stop bit. */
    static final LineSettings LINE = new LineSettings(19200, 8, LineSettings.Parity.ODD, 1);

    @Override
    public String name() {
        return "contec";
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LINE;
    }

    /** The device writes about 60 packets a second; two quiet seconds mean it stopped. */
    @Override
    public Duration maximumQuietTime() {
        return Duration.ofSeconds(2);
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return DeviceProtocol.streaming(new ContecDecoder(), sink);
    }
}
