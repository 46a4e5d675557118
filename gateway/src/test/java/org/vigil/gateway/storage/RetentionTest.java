package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.gateway.storage.SampleRepositoryTest.reading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.model.VitalSign;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @OnEachDatabase
    void samples_and_sent_export_entries_older_than_the_period_are_deleted_and_the_rest_kept(Database database) {
        Clock eightDaysAgo = Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC);
        TestRepositories old = TestRepositories.over(database, eightDaysAgo);
        old.resources().saveDevice("ox-1", new ObservationFactory().device("ox-1", null));
        old.resources().saveDevice("ox-2", new ObservationFactory().device("ox-2", null));
        List<OutboxEntry> queued = old.outbox().pending(10);
        old.outbox().markSent(List.of(queued.get(0).seq()));
        TestRepositories now = TestRepositories.over(database, Clock.fixed(NOW, ZoneOffset.UTC));
        now.samples().write("bed-1", List.of(
                reading(VitalSign.SPO2, 95, NOW.minus(Duration.ofDays(8))),
                reading(VitalSign.SPO2, 96, NOW.minus(Duration.ofDays(7)).minusSeconds(1)),
                reading(VitalSign.SPO2, 97, NOW.minus(Duration.ofDays(6)))));

        int deleted = new Retention(now.samples(), now.outbox(), Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC)).apply();

        assertThat(deleted).isEqualTo(2);
        assertThat(now.samples().samples("bed-1", VitalSign.SPO2, NOW.minus(Duration.ofDays(30)), NOW))
                .extracting(Sample::value).containsExactly(97.0);
        assertThat(now.outbox().entries(OutboxEntry.State.SENT, 10)).isEmpty();
        assertThat(now.outbox().pending(10)).extracting(OutboxEntry::seq).containsExactly(queued.get(1).seq());
    }
}
