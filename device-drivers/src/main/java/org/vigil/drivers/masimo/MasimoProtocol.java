package org.vigil.drivers.masimo;

import java.time.Duration;
import java.time.ZoneId;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/** Masimo Radical-7 / Rad-8 / Radical-5 "ASCII 1" output: stream only, no host commands. */
public final class MasimoProtocol implements DeviceProtocol {

    @Override
    public String name() {
        return "masimo";
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LineSettings.B9600_8N1;
    }

    /** The device writes one line per second; three missing lines in a row mean it went silent. */
    @Override
    public Duration maximumQuietTime() {
        return Duration.ofSeconds(3);
    }

    /** The device clock is read in the gateway's zone: both are set to the clinic's local time. */
    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return DeviceProtocol.streaming(new MasimoDecoder(ZoneId.systemDefault()), sink);
    }
}
