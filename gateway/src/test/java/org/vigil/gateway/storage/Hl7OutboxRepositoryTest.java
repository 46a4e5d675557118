package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.vigil.gateway.storage.Hl7OutboxEntry.State;
import org.vigil.gateway.storage.Hl7OutboxRepository.NewMessage;

class Hl7OutboxRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @OnEachDatabase
    void each_destination_takes_its_own_messages_in_the_order_they_were_queued(Database database) {
        Hl7OutboxRepository outbox = new Hl7OutboxRepository(database, Clock.fixed(NOW, ZoneOffset.UTC));

        outbox.enqueue(List.of(message("ehr", "m1"), message("alarms", "a1"), message("ehr", "m2")));

        assertThat(outbox.entries("ehr", State.PENDING, 10)).extracting(Hl7OutboxEntry::controlId)
                .containsExactly("m1", "m2");
        assertThat(outbox.next("alarms")).map(Hl7OutboxEntry::controlId).hasValue("a1");
        Hl7OutboxEntry first = outbox.next("ehr").orElseThrow();
        assertThat(first.message()).isEqualTo("MSH|^~\\&|VIGIL\rOBX|1|NM|m1");
        assertThat(first.bedId()).isEqualTo("bed-1");
        assertThat(first.messageType()).isEqualTo("ORU^R01");
        assertThat(first.createdAt()).isEqualTo(NOW);
        assertThat(outbox.backlog("ehr")).isEqualTo(new OutboxBacklog(2, 0, NOW));
    }

    @OnEachDatabase
    void a_failed_attempt_keeps_the_message_first_in_line_and_an_acknowledged_one_leaves_the_queue(Database database) {
        Hl7OutboxRepository outbox = new Hl7OutboxRepository(database, Clock.fixed(NOW, ZoneOffset.UTC));
        outbox.enqueue(List.of(message("ehr", "m1"), message("ehr", "m2")));
        long first = outbox.next("ehr").orElseThrow().seq();

        outbox.recordFailure(first, "Connection refused");

        Hl7OutboxEntry retried = outbox.next("ehr").orElseThrow();
        assertThat(retried.seq()).isEqualTo(first);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).isEqualTo("Connection refused");

        outbox.markSent(first);

        assertThat(outbox.next("ehr")).map(Hl7OutboxEntry::controlId).hasValue("m2");
        Hl7OutboxEntry sent = outbox.entries("ehr", State.SENT, 10).get(0);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.lastError()).isNull();
        assertThat(sent.sentAt()).isEqualTo(NOW);
        assertThat(outbox.deleteSentBefore(NOW.plusSeconds(1))).isEqualTo(1);
    }

    @OnEachDatabase
    void a_refused_message_is_parked_with_the_receivers_text_and_requeued_in_its_place(Database database) {
        Hl7OutboxRepository outbox = new Hl7OutboxRepository(database, Clock.fixed(NOW, ZoneOffset.UTC));
        outbox.enqueue(List.of(message("ehr", "m1"), message("ehr", "m2"), message("alarms", "a1")));
        long first = outbox.next("ehr").orElseThrow().seq();
        long alarm = outbox.next("alarms").orElseThrow().seq();

        outbox.park(first, "AE: unknown patient");
        outbox.park(alarm, "AR: unsupported message type");

        assertThat(outbox.next("ehr")).map(Hl7OutboxEntry::controlId).hasValue("m2");
        assertThat(outbox.entries("ehr", State.PARKED, 10)).singleElement()
                .satisfies(parked -> assertThat(parked.lastError()).isEqualTo("AE: unknown patient"));
        assertThat(outbox.backlog("ehr")).isEqualTo(new OutboxBacklog(1, 1, NOW));

        assertThat(outbox.requeueParked("ehr")).isEqualTo(1);

        assertThat(outbox.entries("ehr", State.PENDING, 10)).extracting(Hl7OutboxEntry::controlId)
                .containsExactly("m1", "m2");
        assertThat(outbox.entries("alarms", State.PARKED, 10)).hasSize(1);
        assertThat(outbox.requeueParked(null)).isEqualTo(1);
        assertThat(outbox.backlog("alarms")).isEqualTo(new OutboxBacklog(1, 0, NOW));
    }

    private static NewMessage message(String destination, String controlId) {
        return new NewMessage(destination, "bed-1", "ORU^R01", controlId, "MSH|^~\\&|VIGIL\rOBX|1|NM|" + controlId);
    }
}
