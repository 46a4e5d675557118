package org.vigil.simulators.transport;

import java.time.Duration;
import org.vigil.simulators.FrameOutput;

/**
 * The cable is pulled {@code after} the scenario starts and plugged back in {@code period} later:
 * the transport closes the host's connection and refuses new ones, and no bytes flow, so the
 * gateway's silence detection and reconnect run.
 */
public final class CablePull implements LineFault {

    public static final Duration DEFAULT_AFTER = Duration.ofSeconds(20);
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);

    private final FrameOutput downstream;
    private final Transport transport;
    private final Duration after;
    private final Duration period;
    private boolean pulled;

    public CablePull(FrameOutput downstream, Transport transport, Duration after, Duration period) {
        if (after.isNegative() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("cable pull needs after >= 0 and period > 0");
        }
        this.downstream = downstream;
        this.transport = transport;
        this.after = after;
        this.period = period;
    }

    public static LineFault.Factory factory(Duration after, Duration period) {
        return (downstream, transport, random) -> new CablePull(downstream, transport, after, period);
    }

    @Override
    public void elapsed(Duration sinceStart) {
        boolean shouldBePulled = sinceStart.compareTo(after) >= 0 && sinceStart.compareTo(after.plus(period)) < 0;
        if (shouldBePulled != pulled) {
            pulled = shouldBePulled;
            transport.setCableConnected(!pulled);
        }
    }

    public boolean isPulled() {
        return pulled;
    }

    @Override
    public void write(byte[] bytes) {
        if (!pulled) {
            downstream.write(bytes);
        }
    }

    @Override
    public void write(String subTopic, byte[] bytes) {
        if (!pulled) {
            downstream.write(subTopic, bytes);
        }
    }

    @Override
    public void clear() {
        if (pulled) {
            pulled = false;
            transport.setCableConnected(true);
        }
    }
}
