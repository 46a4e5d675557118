package org.vigil.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.hl7v2.AcknowledgmentCode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.Hl7Kind;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.Hl7OutboxEntry;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.Hl7OutboxRepository.NewMessage;
import org.vigil.gateway.storage.TestDatabase;
import org.vigil.gateway.support.FreePorts;

/** One destination's sender against HAPI's own MLLP receiver on a free port. */
class MllpSenderTest {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** A message waiting for a receiver that came back goes at the next retry at the latest. */
    private static final Duration DELIVERED = MllpSender.LAST_RETRY.plus(MllpSender.CONNECT_TIMEOUT).plus(ACK_TIMEOUT);

    @TempDir
    Path storage;

    private TestDatabase testDatabase;
    private Hl7OutboxRepository outbox;
    private MllpReceiver receiver;
    private MllpSender sender;
    private int port;

    @BeforeEach
    void givenAnOutboxAndAFreePort() {
        testDatabase = TestDatabase.in(storage);
        Database database = testDatabase.open();
        outbox = new Hl7OutboxRepository(database, Clock.systemUTC());
        port = FreePorts.next();
    }

    @AfterEach
    void stop() throws Exception {
        if (sender != null) sender.stopAsync().awaitTerminated();
        if (receiver != null) receiver.close();
        testDatabase.close();
    }

    @Test
    void messagesQueuedWhileTheReceiverIsDownArriveOnceEachAndInOrderWhenItIsUp() throws Exception {
        // given: a sender whose receiver is not listening, and five queued messages
        givenASender();
        List<String> queued = queue(5);
        await("delivery attempted and failed").atMost(DELIVERED)
                .until(() -> sender.status().consecutiveFailures() > 0);
        assertThat(outbox.next("ehr").orElseThrow().lastError()).contains("no acknowledgement from 127.0.0.1:" + port);

        // when: the receiver starts
        receiver = MllpReceiver.on(port);

        // then: each message arrives exactly once, in the order queued, and is marked sent
        await("all five delivered").atMost(DELIVERED.multipliedBy(2))
                .until(() -> outbox.entries("ehr", Hl7OutboxEntry.State.SENT, 10).size() == 5);
        assertThat(receiver.controlIds()).containsExactlyElementsOf(queued);
        assertThat(sender.status().sent()).isEqualTo(5);
        assertThat(sender.status().consecutiveFailures()).isZero();
        assertThat(outbox.backlog("ehr").pending()).isZero();
    }

    @Test
    void aReceiverThatGoesAwayMidStreamGetsTheRestOnceWhenItReturns() throws Exception {
        receiver = MllpReceiver.on(port);
        givenASender();
        List<String> first = queue(3);
        await("first three delivered").atMost(DELIVERED).until(() -> receiver.controlIds().size() == 3);

        // when: the receiver stops, more is queued, and the receiver comes back on the same port
        receiver.stop();
        List<String> second = queue(3);
        await("delivery to the stopped receiver failed").atMost(DELIVERED)
                .until(() -> sender.status().consecutiveFailures() > 0);
        receiver.start();

        // then
        await("the rest delivered").atMost(DELIVERED.multipliedBy(2)).until(() -> receiver.controlIds().size() == 6);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(receiver.controlIds()).containsExactlyElementsOf(all);
    }

    @Test
    void anAnswerOfAeOrArParksTheMessageWithTheReceiversTextAndTheNextOneGoesOn() throws Exception {
        receiver = MllpReceiver.on(port);
        List<String> queued = queue(3);
        receiver.answer(message -> {
            String controlId = MllpReceiver.field(message, "/MSH-10");
            if (controlId.equals(queued.get(0))) return new MllpReceiver.Answer(AcknowledgmentCode.AE, "Unknown patient MRN-0042");
            if (controlId.equals(queued.get(1))) return new MllpReceiver.Answer(AcknowledgmentCode.AR, "Unsupported trigger event");
            return MllpReceiver.Answer.ACCEPT;
        });

        givenASender();

        await("all three answered").atMost(DELIVERED).until(() -> outbox.backlog("ehr").pending() == 0);
        List<Hl7OutboxEntry> parked = outbox.entries("ehr", Hl7OutboxEntry.State.PARKED, 10);
        assertThat(parked).extracting(Hl7OutboxEntry::controlId).containsExactly(queued.get(0), queued.get(1));
        assertThat(parked.get(0).lastError()).startsWith("AE").contains("Unknown patient MRN-0042");
        assertThat(parked.get(1).lastError()).startsWith("AR").contains("Unsupported trigger event");
        assertThat(outbox.entries("ehr", Hl7OutboxEntry.State.SENT, 10)).extracting(Hl7OutboxEntry::controlId)
                .containsExactly(queued.get(2));
        assertThat(sender.status().parked()).isEqualTo(2);

        // when: the cause is fixed and the parked messages are queued again
        receiver.answer(message -> MllpReceiver.Answer.ACCEPT);
        assertThat(outbox.requeueParked("ehr")).isEqualTo(2);
        sender.nudge();

        // then: they go, in their original order, with their original control ids
        await("requeued messages delivered").atMost(DELIVERED)
                .until(() -> outbox.entries("ehr", Hl7OutboxEntry.State.SENT, 10).size() == 3);
        assertThat(receiver.controlIds()).containsExactly(queued.get(0), queued.get(1), queued.get(2),
                queued.get(0), queued.get(1));
    }

    private void givenASender() {
        sender = new MllpSender(Hl7DestinationConfig.to("ehr", Hl7Kind.PCD_01, "127.0.0.1", port).withAckTimeout(ACK_TIMEOUT),
                outbox);
        sender.startAsync().awaitRunning();
    }

    /** Queues {@code count} PCD-01 messages and returns their control ids in order. */
    private List<String> queue(int count) {
        ObservationReport report = new ObservationReport(new MessageHeader("KCLINIC", "EHR", "HOSP"));
        List<String> controlIds = new ArrayList<>();
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String controlId = "m" + System.nanoTime() + "x" + i;
            controlIds.add(controlId);
            messages.add(new NewMessage("ehr", "bed-1", "ORU^R01", controlId, report.build(controlId, Instant.now(),
                    ObservationReportTest.admitted(), "bed-1", List.of(ObservationReportTestSupport.spo2(90 + i)))));
        }
        outbox.enqueue(messages);
        if (sender != null) sender.nudge();
        return controlIds;
    }
}
