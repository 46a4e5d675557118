package org.vigil.gateway.hl7;

import com.google.common.util.concurrent.Service;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.gateway.alarms.AlarmSources;
import org.vigil.gateway.alarms.AuditTrail;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.alarms.TechnicalAlarms;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.Hl7Kind;
import org.vigil.gateway.fhir.ChartingListener;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.ha.Fence;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.OccupancyRepository;

/**
 * The hospital interfaces: a sender per configured destination, the PCD-01 charting listener, the
 * PCD-04 alarm reports and the lag watch, over one durable outbox. The gateway starts
 * {@link #services()} in order after storage and stops them in reverse.
 */
public final class Hl7Interfaces implements Hl7Control {

    /** What the gateway already has that the interfaces read from. */
    public record Sources(Ward ward, BedLimits limits, Map<String, AlarmProfile> profiles,
                          FhirResourceRepository resources, OccupancyRepository occupancies, TechnicalAlarms alarms,
                          AuditTrail audit, Duration chartingInterval) {
    }

    private final Hl7OutboxRepository outbox;
    private final List<MllpSender> senders = new ArrayList<>();
    private final Hl7Messages messages;
    private final Hl7Charting charting;
    private final Hl7AlarmReports alarmReports;
    private final Hl7LagWatch lagWatch;
    private final AuditTrail audit;

    public Hl7Interfaces(List<Hl7DestinationConfig> destinations, Hl7OutboxRepository outbox, Sources sources, Clock clock) {
        this(destinations, outbox, sources, clock, Fence.SINGLE_NODE);
    }

    /** Interfaces whose senders send nothing while {@code fence} forbids output (the lease of an active/standby pair). */
    public Hl7Interfaces(List<Hl7DestinationConfig> destinations, Hl7OutboxRepository outbox, Sources sources, Clock clock,
                         Fence fence) {
        this.outbox = outbox;
        this.audit = sources.audit();
        for (Hl7DestinationConfig destination : destinations) senders.add(new MllpSender(destination, outbox, fence));
        this.messages = new Hl7Messages(senders, outbox);
        Hl7Patients patients = new Hl7Patients(sources.resources(), sources.occupancies(), FhirContextHolder.r4());
        this.charting = new Hl7Charting(messages, patients, sources.chartingInterval(), clock);
        this.alarmReports = new Hl7AlarmReports(messages, patients, new AlarmSources(sources.ward(), sources.profiles()),
                sources.limits(), clock);
        this.lagWatch = new Hl7LagWatch(senders, outbox, sources.alarms(), clock);
    }

    /** Given to the recorder when any destination takes PCD-01, else {@code null}. */
    public ChartingListener charting() {
        return messages.sendsAny(Hl7Kind.PCD_01) ? charting : null;
    }

    /** Given to the alarm service when any destination takes PCD-04, else {@code null}. */
    public Consumer<AlarmChange> alarmReports() {
        return messages.sendsAny(Hl7Kind.PCD_04) ? alarmReports : null;
    }

    /** In start order: the senders, then the alarm reports that feed them, then the lag watch. */
    public List<Service> services() {
        List<Service> services = new ArrayList<>(senders);
        services.add(alarmReports);
        services.add(lagWatch);
        return services;
    }

    public List<MllpSender> senders() {
        return List.copyOf(senders);
    }

    /** Deletes the messages acknowledged before {@code cutoff} (the storage retention); returns how many. */
    public int deleteSentBefore(Instant cutoff) {
        return outbox.deleteSentBefore(cutoff);
    }

    @Override
    public List<String> destinations() {
        return senders.stream().map(sender -> sender.destination().name()).toList();
    }

    @Override
    public int requeueParked(String destination, String user) {
        int requeued = outbox.requeueParked(destination);
        audit.audit(user, "HL7_REQUEUED", AlarmEngine.GATEWAY,
                requeued + " messages" + (destination == null ? "" : " to " + destination));
        senders.forEach(MllpSender::nudge);
        return requeued;
    }

    /** Backlog, parked and lag gauges per destination, tagged with the destination's name (no patient data). */
    public void registerMeters(MeterRegistry registry, Clock clock) {
        for (MllpSender sender : senders) {
            String name = sender.destination().name();
            Gauge.builder("vigil.hl7.backlog", () -> outbox.backlog(name).pending())
                    .description("HL7 messages waiting for their ACK").tag("destination", name).register(registry);
            Gauge.builder("vigil.hl7.parked", () -> outbox.backlog(name).parked())
                    .description("HL7 messages the receiver answered with AE or AR").tag("destination", name).register(registry);
            Gauge.builder("vigil.hl7.oldest.age.seconds", () -> outbox.backlog(name).oldestAge(clock.instant()).toSeconds())
                    .description("Age of the oldest HL7 message waiting to be sent").tag("destination", name).register(registry);
            Gauge.builder("vigil.hl7.sent", () -> sender.status().sent())
                    .description("HL7 messages acknowledged with AA since start").tag("destination", name).register(registry);
        }
    }
}
