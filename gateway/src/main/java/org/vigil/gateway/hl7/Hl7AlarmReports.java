package org.vigil.gateway.hl7;

import java.time.Clock;
import java.util.function.Consumer;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.gateway.alarms.AlarmSources;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.gateway.lifecycle.RetryingWriter;
import org.vigil.model.VitalSign;

/**
 * Queues a PCD-04 alarm report for every alarm state change, technical alarms included. The
 * change is taken on the thread that made it (a bed's executor, the gateway's alarm thread) with
 * the vital and limits it is about; the message is built and queued on this component's own
 * thread, so HL7 encoding never delays an alarm. While the outbox cannot be written (the database
 * is away) the changes wait here in order and are retried, like the alarm log's; a stop writes
 * what is still waiting, for at most {@link RetryingWriter#DRAIN_LIMIT}.
 */
final class Hl7AlarmReports extends RetryingWriter<Hl7AlarmReports.Pending> implements Consumer<AlarmChange> {

    record Pending(AlarmChange change, VitalSign vital, VitalLimits limits) {
    }

    private final Hl7Messages messages;
    private final Hl7Patients patients;
    private final AlarmSources sources;
    private final BedLimits limits;
    private final Clock clock;

    Hl7AlarmReports(Hl7Messages messages, Hl7Patients patients, AlarmSources sources, BedLimits limits, Clock clock) {
        super("HL7 alarm report outbox");
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
        enqueue(new Pending(change, vital, inForce));
    }

    @Override
    protected void store(Pending next) {
        String bedId = next.change().bedId();
        Hl7Patient patient = AlarmEngine.GATEWAY.equals(bedId) ? null : patients.inBed(bedId);
        messages.alert(new AlertReport.Change(next.change(), next.vital(), next.limits(), patient), clock.instant());
    }
}
