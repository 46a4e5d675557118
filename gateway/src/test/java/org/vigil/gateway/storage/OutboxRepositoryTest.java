package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.gateway.storage.FhirResourceRepositoryTest.givenAnOccupiedBed;
import static org.vigil.gateway.storage.SampleRepositoryTest.reading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

class OutboxRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final ObservationFactory observations = new ObservationFactory();

    @OnEachDatabase
    void the_outbox_keeps_order_counts_attempts_and_parks_refused_entries_with_the_reason(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        OutboxRepository outbox = storage.outbox();
        givenThreeQueuedResources(storage);
        List<OutboxEntry> pending = outbox.pending(10);
        assertThat(pending).extracting(OutboxEntry::seq).isSorted();
        assertThat(outbox.backlog()).isEqualTo(new OutboxBacklog(3, 0, NOW));

        outbox.recordFailure(List.of(pending.get(0).seq()), "connection refused", NOW.plusSeconds(2));
        outbox.markSent(List.of(pending.get(0).seq()));
        outbox.park(List.of(pending.get(1).seq()), "HTTP 422: subject not found");

        assertThat(outbox.pending(10)).extracting(OutboxEntry::seq).containsExactly(pending.get(2).seq());
        OutboxEntry parked = outbox.entries(OutboxEntry.State.PARKED, 10).get(0);
        assertThat(parked.lastError()).isEqualTo("HTTP 422: subject not found");
        assertThat(parked.attempts()).isEqualTo(1);
        assertThat(outbox.entries(OutboxEntry.State.SENT, 10).get(0).attempts()).isEqualTo(2);
        assertThat(outbox.backlog()).isEqualTo(new OutboxBacklog(1, 1, NOW));
        assertThat(outbox.backlog().oldestAge(NOW.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @OnEachDatabase
    void requeued_parked_entries_are_pending_again_with_no_attempts_and_due_now(Database database) {
        Clock later = Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC);
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        givenThreeQueuedResources(storage);
        List<OutboxEntry> pending = storage.outbox().pending(10);
        storage.outbox().park(List.of(pending.get(0).seq(), pending.get(1).seq()), "HTTP 422: subject not found");

        int requeued = new OutboxRepository(database, later).requeueParked();

        assertThat(requeued).isEqualTo(2);
        assertThat(storage.outbox().entries(OutboxEntry.State.PARKED, 10)).isEmpty();
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::seq)
                .containsExactly(pending.get(0).seq(), pending.get(1).seq(), pending.get(2).seq());
        assertThat(storage.outbox().pending(2)).allSatisfy(entry -> {
            assertThat(entry.attempts()).isZero();
            assertThat(entry.nextAttemptAt()).isEqualTo(later.instant());
            assertThat(entry.lastError()).isEqualTo("HTTP 422: subject not found");
        });
        assertThat(storage.outbox().requeueParked()).isZero();
    }

    @OnEachDatabase
    void only_entries_sent_before_the_cutoff_are_deleted(Database database) {
        TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        givenThreeQueuedResources(storage);
        List<OutboxEntry> pending = storage.outbox().pending(10);
        storage.outbox().markSent(List.of(pending.get(0).seq()));
        storage.outbox().park(List.of(pending.get(1).seq()), "HTTP 422");

        assertThat(storage.outbox().deleteSentBefore(NOW)).isZero();
        assertThat(storage.outbox().deleteSentBefore(NOW.plusSeconds(1))).isEqualTo(1);
        assertThat(storage.outbox().backlog()).isEqualTo(new OutboxBacklog(1, 1, NOW));
    }

    @Test
    void marks_carrying_an_old_lease_epoch_change_nothing_and_those_of_the_holder_land() throws Exception {
        try (TestDatabase postgres = TestDatabase.postgresOnly()) {
            Database database = postgres.open();
            TestRepositories storage = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
            givenThreeQueuedResources(storage);
            LeaseRepository leases = new LeaseRepository(database);
            long oldEpoch = leases.takeIfExpired("a", "http://a", Duration.ofMinutes(1)).orElseThrow().epoch();
            leases.release("a", oldEpoch);
            long newEpoch = leases.takeIfExpired("b", "http://b", Duration.ofMinutes(1)).orElseThrow().epoch();
            List<OutboxEntry> pending = storage.outbox().pending(10);
            OutboxRepository ofTheOldHolder = new OutboxRepository(database, Clock.fixed(NOW, ZoneOffset.UTC),
                    () -> OptionalLong.of(oldEpoch), true);
            OutboxRepository ofTheHolder = new OutboxRepository(database, Clock.fixed(NOW, ZoneOffset.UTC),
                    () -> OptionalLong.of(newEpoch), true);

            ofTheOldHolder.markSent(List.of(pending.get(0).seq()));
            ofTheOldHolder.park(List.of(pending.get(1).seq()), "refused");
            ofTheHolder.markSent(List.of(pending.get(2).seq()));

            assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::seq)
                    .containsExactly(pending.get(0).seq(), pending.get(1).seq());
            assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::attempts).containsOnly(0);
            assertThat(storage.outbox().entries(OutboxEntry.State.SENT, 10)).extracting(OutboxEntry::seq)
                    .containsExactly(pending.get(2).seq());
        }
    }

    @OnEachDatabase
    void with_export_off_resources_are_stored_but_not_queued(Database database) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        OutboxRepository off = new OutboxRepository(database, clock, FencingToken.NONE, false);
        FhirResourceRepository resources = new FhirResourceRepository(database, off, FhirContextHolder.r4(), clock);
        TestRepositories storage = new TestRepositories(database, new SampleRepository(database), off, resources,
                new OccupancyRepository(database, resources), new AlarmLogRepository(database), new AuditRepository(database));

        givenThreeQueuedResources(storage);

        assertThat(off.backlog()).isEqualTo(new OutboxBacklog(0, 0, null));
        assertThat(storage.outbox().pending(10)).isEmpty();
        assertThat(resources.searchObservations(new ObservationQuery(null, null, null, null, null, 0, 10)).items()).hasSize(2);
    }

    private void givenThreeQueuedResources(TestRepositories storage) {
        Occupancy occupancy = givenAnOccupiedBed(storage, "bed-1");
        storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 97, NOW), occupancy.id(), VitalLimits.NONE));
        storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 96, NOW.plusSeconds(60)), occupancy.id(), VitalLimits.NONE));
    }
}
