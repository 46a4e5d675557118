package org.vigil.gateway.http;

import java.time.Clock;
import java.util.Optional;
import org.vigil.gateway.alarms.AlarmDesk;
import org.vigil.gateway.alarms.AlarmHistory;
import org.vigil.gateway.alarms.AuditTrail;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.BedView;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.devices.BloodPressureControl;
import org.vigil.gateway.export.ExportControl;
import org.vigil.gateway.fhir.Admissions;
import org.vigil.gateway.fhir.FhirEndpoints;
import org.vigil.gateway.health.HealthReport;
import org.vigil.gateway.hl7.Hl7Control;
import org.vigil.gateway.metrics.MetricsPage;
import org.vigil.gateway.sessions.SessionDesk;
import org.vigil.gateway.stream.StreamHub;

/** The domain ports the HTTP interface reads and acts on, and nothing else. */
public record ApiPorts(Ward ward, AlarmDesk alarms, AlarmHistory alarmLog, AuditTrail audit, BedLimits limits,
                       Admissions admissions, SessionDesk sessions, BloodPressureControl bloodPressure, ExportControl export,
                       Hl7Control hl7, FhirEndpoints fhir, StreamHub stream, MetricsPage metrics, HealthReport health,
                       AccessPolicy access, Clock clock) {

    /** A complete snapshot of the bed: live state, limits, alarms, audio pause, NEWS2. */
    public BedView view(BedState bed) {
        return bed.view(limits.of(bed.id()), alarms.alarmsOf(bed.id()), alarms.audio(bed.id()), alarms.news2(bed.id()));
    }

    public Optional<BedState> bed(String id) {
        return ward.bed(id);
    }
}
