package org.vigil.gateway.hl7;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vigil.gateway.config.Hl7Kind;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.Hl7OutboxRepository.NewMessage;

/**
 * Builds each message once per destination of its kind (the MSH differs by facility names) and
 * queues them all in one transaction, then wakes the senders. Thread-safe.
 */
final class Hl7Messages {

    static final String PCD_01_TYPE = "ORU^R01";
    static final String PCD_04_TYPE = "ORU^R40";

    private final List<MllpSender> senders;
    private final Hl7OutboxRepository outbox;

    Hl7Messages(List<MllpSender> senders, Hl7OutboxRepository outbox) {
        this.senders = List.copyOf(senders);
        this.outbox = outbox;
    }

    boolean sendsAny(Hl7Kind kind) {
        return senders.stream().anyMatch(sender -> sender.destination().kind() == kind);
    }

    void observations(String bedId, Hl7Patient patient, List<ObservationReport.Metric> metrics, Instant at) {
        if (metrics.isEmpty()) return;
        queue(Hl7Kind.PCD_01, bedId, PCD_01_TYPE, (header, controlId) ->
                new ObservationReport(header).build(controlId, at, patient, bedId, metrics));
    }

    void alert(AlertReport.Change change, Instant at) {
        queue(Hl7Kind.PCD_04, change.change().bedId(), PCD_04_TYPE, (header, controlId) ->
                new AlertReport(header).build(controlId, at, change));
    }

    private interface Builder {
        String build(MessageHeader header, String controlId);
    }

    private void queue(Hl7Kind kind, String bedId, String type, Builder builder) {
        List<NewMessage> queued = new ArrayList<>();
        List<MllpSender> to = new ArrayList<>();
        for (MllpSender sender : senders) {
            if (sender.destination().kind() != kind) continue;
            String controlId = newControlId();
            queued.add(new NewMessage(sender.destination().name(), bedId, type, controlId,
                    builder.build(MessageHeader.of(sender.destination()), controlId)));
            to.add(sender);
        }
        outbox.enqueue(queued);
        to.forEach(MllpSender::nudge);
    }

    /** MSH-10: unique per message and destination, 32 hex digits. */
    private static String newControlId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
