package org.vigil.gateway.health;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.gateway.alarms.AlarmLog;
import org.vigil.gateway.alarms.AlarmView;
import org.vigil.gateway.storage.GatewayRun;
import org.vigil.gateway.storage.GatewayRunRepository;

/**
 * Makes the time the gateway was not watching visible in the alarm log. Each run records that it
 * is alive every {@link #HEARTBEAT} and that it stopped cleanly; a run that never recorded its stop
 * (the process was killed, the machine lost power) is logged at the next start as a high-priority
 * technical alarm, {@value #RULE}, from its last sign of life to the new start.
 */
public final class MonitoringGaps extends AbstractScheduledService {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringGaps.class);

    public static final String RULE = "gateway-not-running";
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final GatewayRunRepository runs;
    private final AlarmLog log;
    private final Clock clock;
    private long run;

    public MonitoringGaps(GatewayRunRepository runs, AlarmLog log, Clock clock) {
        this.runs = runs;
        this.log = log;
        this.clock = clock;
    }

    @Override
    protected void startUp() {
        Instant now = clock.instant();
        run = runs.begin(now);
        for (GatewayRun unclean : runs.uncleanRunsBefore(run)) {
            Instant from = unclean.lastSeenAt();
            String message = "Gateway was not running from " + from + " to " + now + " (it did not stop cleanly)";
            LOG.warn(message);
            log.record(new AlarmView(AlarmEngine.GATEWAY + "/" + RULE + "/" + from.toEpochMilli(), AlarmEngine.GATEWAY, RULE,
                    Category.TECHNICAL.name(), Priority.HIGH.name(), AlarmState.ENDED.name(), null, null, message,
                    from, now, null, false, false, AlarmChange.Transition.ENDED.name(), null));
            runs.markAccounted(unclean.id());
        }
    }

    @Override
    protected void runOneIteration() {
        try {
            runs.heartbeat(run, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Gateway heartbeat not stored: {}", e.getMessage());
        }
    }

    @Override
    protected void shutDown() {
        try {
            runs.end(run, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Clean stop not stored, the next start will show a gap: {}", e.getMessage());
        }
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedDelaySchedule(HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "monitoring gaps";
    }
}
