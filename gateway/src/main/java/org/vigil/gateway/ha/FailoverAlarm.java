package org.vigil.gateway.ha;

import com.google.common.util.concurrent.AbstractIdleService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Priority;
import org.vigil.gateway.alarms.TechnicalAlarms;
import org.vigil.gateway.storage.Takeover;

/**
 * The technical alarm {@value #RULE}, raised by a gateway that took the lease from another: it says
 * from when to when nobody watched the beds, from the old holder's last renewal to the takeover
 * (both the database's clock). It stays in force for {@link #SHOWN}, long enough to be seen and
 * acknowledged; the alarm log keeps it.
 */
public final class FailoverAlarm extends AbstractIdleService {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverAlarm.class);

    public static final String RULE = "gateway-failover";
    public static final Duration SHOWN = Duration.ofMinutes(2);

    private final TechnicalAlarms alarms;
    private final Takeover takeover;
    private final String holder;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vigil-failover-alarm");
        thread.setDaemon(true);
        return thread;
    });

    public FailoverAlarm(TechnicalAlarms alarms, Takeover takeover, String holder) {
        this.alarms = alarms;
        this.takeover = takeover;
        this.holder = holder;
    }

    /** What the alarm says. */
    public static String message(Takeover takeover, String holder) {
        return "Monitoring was interrupted from " + takeover.previous().renewedAt() + " to " + takeover.takenAt()
                + ": gateway " + takeover.previous().holder() + " stopped renewing its lease and " + holder + " took over";
    }

    @Override
    protected void startUp() {
        if (!takeover.followsAnotherHolder()) return;
        String message = message(takeover, holder);
        LOG.warn(message);
        alarms.raise(RULE, Priority.HIGH, message);
        timer.schedule(() -> alarms.clear(RULE), SHOWN.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void shutDown() {
        timer.shutdownNow();
    }

    @Override
    protected String serviceName() {
        return "failover alarm";
    }
}
