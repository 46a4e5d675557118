package org.vigil.gateway.stream;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vigil.model.ScaledClock;

/**
 * Proves to every dashboard that the live stream is alive; the page declares the connection lost
 * after 5 s without an event. Each beat first closes the streams whose sign-in has ended (expired,
 * or its user no longer configured), so no stream outlives its session by more than one period.
 * Stopping closes every stream, so pages show the loss at once.
 */
public final class StreamHeartbeat extends AbstractScheduledService {

    public static final Duration PERIOD = Duration.ofSeconds(2);

    private final StreamHub hub;
    private final Clock clock;

    public StreamHeartbeat(StreamHub hub, Clock clock) {
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    protected void runOneIteration() {
        hub.closeEnded();
        // the scale lets a page run the gateway's clock between beats, also in a simulated session
        hub.publish("heartbeat", Map.of("time", clock.instant(), "scale", clock instanceof ScaledClock s ? s.scale() : 1.0));
    }

    @Override
    protected void shutDown() {
        hub.closeAll();
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedRateSchedule(PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "live stream";
    }
}
