package org.vigil.drivers;

import java.time.Duration;

/** A device protocol: its defaults and a factory for sessions. */
public interface DeviceProtocol {

    /** The name used in configuration and on the command line, e.g. {@code masimo}. */
    String name();

    /** Line settings the device uses out of the box; {@code null} for message-based protocols. */
    LineSettings defaultLineSettings();

    /** Longest normal gap between data; longer means the device is silent. */
    Duration maximumQuietTime();

    ProtocolSession open(HostLink link, DecoderSink sink);

    /**
     * Whether the device starts a measurement when sent {@link DeviceCommand#START_BP}: its sessions
     * accept that command. A device that measures on its own schedule, or only streams, does not.
     */
    default boolean measuresOnCommand() {
        return false;
    }

    /** For protocols that need no host commands: a session that just decodes. */
    static ProtocolSession streaming(FrameDecoder decoder, DecoderSink sink) {
        return (in, now) -> decoder.decode(in, now, sink);
    }

    default Duration tickInterval() {
        return Duration.ofMillis(250);
    }
}
