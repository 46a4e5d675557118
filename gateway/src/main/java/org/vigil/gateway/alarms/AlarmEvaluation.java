package org.vigil.gateway.alarms;

import com.google.common.util.concurrent.AbstractIdleService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.Priority;
import org.vigil.gateway.beds.BedExecutors;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.beds.Ward;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

/**
 * Feeds the alarm engine: every reading and device event of a bed, on the bed's executor, and the
 * passing of time, so that delays end, reminders repeat and silence is noticed even when no
 * reading arrives.
 */
public final class AlarmEvaluation extends AbstractIdleService implements ReadingPipeline.Stage {

    /** How often delays, reminders, escalation and pause expiry are evaluated. */
    static final Duration TICK = Duration.ofMillis(250);
    /** Monitored beds with no dashboard connected for this long raise a technical alarm. */
    static final Duration NO_DASHBOARD_AFTER = Duration.ofSeconds(30);
    static final String NO_DASHBOARD = "no-dashboard";

    private final AlarmService alarms;
    private final Ward ward;
    private final BedExecutors beds;
    private final IntSupplier dashboards;
    private final Clock clock;
    private final Map<String, Instant> scheduledDelayEnds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-alarm-clock");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant dashboardsGoneSince;

    public AlarmEvaluation(AlarmService alarms, Ward ward, BedExecutors beds, IntSupplier dashboards, Clock clock) {
        this.alarms = alarms;
        this.ward = ward;
        this.beds = beds;
        this.dashboards = dashboards;
        this.clock = clock;
    }

    @Override
    protected void startUp() {
        timer.scheduleAtFixedRate(this::tickAll, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void shutDown() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public void reading(BedState bed, Reading reading) {
        BedAlarms bedAlarms = alarms.bedAlarms(bed);
        bedAlarms.onReading(reading);
        tickWhenADelayEnds(bed, bedAlarms);
    }

    @Override
    public void event(BedState bed, DeviceEvent event) {
        alarms.bedAlarms(bed).onDeviceEvent(event);
    }

    private void tickAll() {
        Instant now = clock.instant();
        for (BedState bed : ward.beds()) {
            beds.run(bed, () -> {
                BedAlarms bedAlarms = alarms.bedAlarms(bed);
                bedAlarms.tick(now);
                alarms.news2Evaluated(bed.id(), News2View.of(bedAlarms.news2(now)));
            });
        }
        watchDashboards(now);
        alarms.gatewayAlarms().run(() -> alarms.engine().bed(AlarmEngine.GATEWAY).ifPresent(own -> own.tick(now)));
    }

    /**
     * The periodic tick alone would raise an alarm up to one tick after its delay ends; a pending
     * condition gets a tick of its own at the end of its delay (IEC 60601-1-8 alarm condition delay).
     */
    private void tickWhenADelayEnds(BedState bed, BedAlarms bedAlarms) {
        Instant end = bedAlarms.nextDelayEnd();
        if (end == null || end.equals(scheduledDelayEnds.get(bed.id()))) return;
        scheduledDelayEnds.put(bed.id(), end);
        long wait = Math.max(0, Duration.between(clock.instant(), end).toMillis());
        try {
            timer.schedule(() -> beds.run(bed, () -> bedAlarms.tick(clock.instant())), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The gateway is stopping: the condition is evaluated again from live data at the next start.
        }
    }

    /** IEC 60601-1-8 distributed alarm systems: losing the display is itself an alarm condition. */
    private void watchDashboards(Instant now) {
        boolean monitoring = ward.beds().stream().anyMatch(BedState::isMonitored);
        if (dashboards.getAsInt() > 0 || !monitoring) {
            if (dashboardsGoneSince != null) {
                dashboardsGoneSince = null;
                alarms.clear(NO_DASHBOARD);
            }
            return;
        }
        if (dashboardsGoneSince == null) {
            dashboardsGoneSince = now;
        } else if (Duration.between(dashboardsGoneSince, now).compareTo(NO_DASHBOARD_AFTER) >= 0) {
            alarms.raise(NO_DASHBOARD, Priority.MEDIUM,
                    "No dashboard has been connected for " + NO_DASHBOARD_AFTER.toSeconds() + " s while beds are monitored");
        }
    }

    @Override
    protected String serviceName() {
        return "alarm evaluation";
    }
}
