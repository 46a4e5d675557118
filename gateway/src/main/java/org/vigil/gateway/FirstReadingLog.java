package org.vigil.gateway;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.model.Reading;

/** Logs when readings flow after a start or a takeover: the end of the time nobody watched, in the gateway's log. */
final class FirstReadingLog implements ReadingPipeline.Stage {

    private static final Logger LOG = LoggerFactory.getLogger(FirstReadingLog.class);

    private final AtomicBoolean seen = new AtomicBoolean();

    @Override
    public void reading(BedState bed, Reading reading) {
        if (!seen.get() && seen.compareAndSet(false, true)) {
            LOG.info("First reading since start: bed {}, device {}, received at {}", bed.id(), reading.deviceId(), reading.receivedAt());
        }
    }
}
