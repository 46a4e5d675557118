package org.vigil.gateway.export;

import org.vigil.alerting.AlarmEngine;
import org.vigil.gateway.alarms.AuditTrail;
import org.vigil.gateway.storage.OutboxRepository;

/** Puts the resources the FHIR server refused back in the queue, audited, and tells the exporter at once. */
public final class ExportRequeue implements ExportControl {

    private final OutboxRepository outbox;
    private final AuditTrail audit;
    private final FhirExporter exporter;

    /** @param exporter {@code null} when the gateway does not export; the entries then wait for one */
    public ExportRequeue(OutboxRepository outbox, AuditTrail audit, FhirExporter exporter) {
        this.outbox = outbox;
        this.audit = audit;
        this.exporter = exporter;
    }

    @Override
    public int requeueParked(String user) {
        int requeued = outbox.requeueParked();
        audit.audit(user, "EXPORT_REQUEUED", AlarmEngine.GATEWAY, requeued + " entries");
        if (exporter != null) exporter.nudge();
        return requeued;
    }
}
