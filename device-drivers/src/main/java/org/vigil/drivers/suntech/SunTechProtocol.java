package org.vigil.drivers.suntech;

import java.time.Duration;
import java.util.Objects;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.ScheduledMeasurement;

/**
 * SunTech Advantage OEM NIBP module (docs/wire-formats.md §3): 9600 8N1, command/response.
 * Measures on request and, unless built with {@link #onRequestOnly()}, on a fixed interval counted
 * from the connection or the last start.
 */
public final class SunTechProtocol implements ScheduledMeasurement {

    public static final String NAME = "suntech";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    /** Shorter intervals would keep the arm under an almost permanently inflated cuff. */
    public static final Duration MINIMUM_INTERVAL = Duration.ofMinutes(1);
    /** Two idle polls (every 5 s) unanswered, plus the reply timeout. */
    static final Duration MAXIMUM_QUIET_TIME = SunTechSession.IDLE_POLL.multipliedBy(2).plus(SunTechSession.REPLY_TIMEOUT);

    private final Duration interval;

    /** Measures every {@link #DEFAULT_INTERVAL}. */
    public SunTechProtocol() {
        this(DEFAULT_INTERVAL);
    }

    /** Measures every {@code interval} (at least {@link #MINIMUM_INTERVAL}) and on request. */
    public SunTechProtocol(Duration interval) {
        this(checked(interval), true);
    }

    private SunTechProtocol(Duration interval, boolean scheduled) {
        this.interval = scheduled ? interval : null;
    }

    public static SunTechProtocol every(Duration interval) {
        return new SunTechProtocol(interval);
    }

    /** Measures only when asked ({@code START_BP}). */
    public static SunTechProtocol onRequestOnly() {
        return new SunTechProtocol(null, false);
    }

    private static Duration checked(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MINIMUM_INTERVAL) < 0) {
            throw new IllegalArgumentException("a blood-pressure interval must be at least " + MINIMUM_INTERVAL + ", got " + interval);
        }
        return interval;
    }

    @Override
    public Duration minimumInterval() {
        return MINIMUM_INTERVAL;
    }

    @Override
    public SunTechProtocol measuringEvery(Duration interval) {
        return every(interval);
    }

    /** The measurement interval; {@code null} when measuring on request only. */
    public Duration interval() {
        return interval;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LineSettings.B9600_8N1;
    }

    @Override
    public Duration maximumQuietTime() {
        return MAXIMUM_QUIET_TIME;
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return new SunTechSession(link, sink, interval);
    }
}
