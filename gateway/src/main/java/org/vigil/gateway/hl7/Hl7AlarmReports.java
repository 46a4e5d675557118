package org.vigil.gateway.hl7;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.gateway.alarms.AlarmSources;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

/**
 * Queues a PCD-04 alarm report for every alarm state change, technical alarms included. The
 * change is taken on the thread that made it (a bed's executor, the gateway's alarm thread) with
 * the vital and limits it is about; the message is built and queued on this component's own
 * thread, so HL7 encoding never delays an alarm. While the outbox cannot be written (the database
 * is away) the changes wait here in order and are retried, like the alarm log's; a stop writes
 * what is still waiting, for at most {@link #DRAIN_LIMIT}.
 */
final class Hl7AlarmReports extends AbstractExecutionThreadService implements Consumer<AlarmChange> {

    private static final Logger LOG = LoggerFactory.getLogger(Hl7AlarmReports.class);

    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration LAST_RETRY = Duration.ofSeconds(2);
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(4);

    private record Pending(AlarmChange change, VitalSign vital, VitalLimits limits) {
    }

    private final Hl7Messages messages;
    private final Hl7Patients patients;
    private final AlarmSources sources;
    private final BedLimits limits;
    private final Clock clock;
    private final LinkedBlockingDeque<Pending> pending = new LinkedBlockingDeque<>();
    private volatile boolean stopping;
    private boolean failing;

    Hl7AlarmReports(Hl7Messages messages, Hl7Patients patients, AlarmSources sources, BedLimits limits, Clock clock) {
        this.messages = messages;
        this.patients = patients;
        this.sources = sources;
        this.limits = limits;
        this.clock = clock;
    }

    /** Takes one change on the alarm's own thread; never blocks. */
    @Override
    public void accept(AlarmChange change) {
        VitalSign vital = sources.vitalOf(change);
        VitalLimits inForce = vital == null ? null : limits.of(change.bedId(), vital);
        pending.add(new Pending(change, vital, inForce));
    }

    int backlog() {
        return pending.size();
    }

    @Override
    protected void run() throws InterruptedException {
        Duration retry = FIRST_RETRY;
        while (!stopping) {
            Pending next = pending.poll(100, TimeUnit.MILLISECONDS);
            if (next == null) continue;
            if (tryQueue(next)) {
                retry = FIRST_RETRY;
                continue;
            }
            pending.addFirst(next);
            retry = waitToRetry(retry);
        }
    }

    @Override
    protected void shutDown() throws InterruptedException {
        long drainEnds = System.nanoTime() + DRAIN_LIMIT.toNanos();
        Duration retry = FIRST_RETRY;
        Pending next;
        while ((next = pending.peek()) != null) {
            if (tryQueue(next)) {
                pending.poll();
                continue;
            }
            if (System.nanoTime() - drainEnds >= 0) {
                LOG.error("{} alarm changes could not be queued for HL7 before the gateway stopped", pending.size());
                return;
            }
            retry = waitToRetry(retry);
        }
    }

    private boolean tryQueue(Pending next) {
        try {
            String bedId = next.change().bedId();
            Hl7Patient patient = AlarmEngine.GATEWAY.equals(bedId) ? null : patients.inBed(bedId);
            messages.alert(new AlertReport.Change(next.change(), next.vital(), next.limits(), patient), clock.instant());
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Alarm reports cannot be queued for HL7 ({}); {} changes wait and are retried",
                        e.getMessage(), pending.size() + 1);
            }
            return false;
        }
        if (failing) {
            failing = false;
            LOG.info("Alarm reports queued for HL7 again");
        }
        return true;
    }

    private static Duration waitToRetry(Duration retry) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(retry.toMillis());
        return retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }

    @Override
    protected String serviceName() {
        return "HL7 alarm reports";
    }
}
