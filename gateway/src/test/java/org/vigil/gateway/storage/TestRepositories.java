package org.vigil.gateway.storage;

import java.time.Clock;
import org.vigil.gateway.fhir.FhirContextHolder;

/** Every repository over one database, wired as the gateway wires them. */
public record TestRepositories(Database database, SampleRepository samples, OutboxRepository outbox,
                               FhirResourceRepository resources, OccupancyRepository occupancies,
                               AlarmLogRepository alarmLog, AuditRepository audit) {

    public static TestRepositories over(Database database, Clock clock) {
        OutboxRepository outbox = new OutboxRepository(database, clock);
        FhirResourceRepository resources = new FhirResourceRepository(database, outbox, FhirContextHolder.r4(), clock);
        return new TestRepositories(database, new SampleRepository(database), outbox, resources,
                new OccupancyRepository(database, resources), new AlarmLogRepository(database), new AuditRepository(database));
    }
}
