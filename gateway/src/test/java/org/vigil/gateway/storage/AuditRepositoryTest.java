package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

class AuditRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @OnEachDatabase
    void the_audit_log_records_who_did_what_in_order(Database database) {
        AuditRepository audit = new AuditRepository(database);
        audit.record(new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", "SpO2 low 90 -> 88"));
        audit.record(new AuditEntry(NOW.plusSeconds(5), "nurse.kim", "PATIENT_ADMITTED", "bed-1", null));

        assertThat(audit.since(NOW, 10)).containsExactly(
                new AuditEntry(NOW, "dr.ade", "LIMITS_CHANGED", "bed-1", "SpO2 low 90 -> 88"),
                new AuditEntry(NOW.plusSeconds(5), "nurse.kim", "PATIENT_ADMITTED", "bed-1", null));
        assertThat(audit.since(NOW.plusSeconds(1), 10)).hasSize(1);
    }
}
