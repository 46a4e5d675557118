package org.vigil.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.Hl7OutboxEntry;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.Hl7OutboxRepository.NewMessage;
import org.vigil.gateway.storage.StorageConfig;
import org.vigil.gateway.support.TestWards;
import picocli.CommandLine;

/** {@code requeue-parked --hl7}: the messages a receiver refused go back in the queue, audited. */
class RequeueParkedHl7CommandTest {

    @TempDir
    Path directory;

    private Path configFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void givenAConfigurationWithTwoHl7Destinations() throws Exception {
        Path profiles = Files.createDirectories(directory.resolve("alarm-profiles"));
        Files.copy(TestWards.shippedConfig().resolve("alarm-profiles/kap-adult.yaml"), profiles.resolve("kap-adult.yaml"));
        configFile = directory.resolve("vigil.yaml");
        Files.writeString(configFile, """
                storage:
                  directory: "%s"
                beds:
                  - id: chair-1
                hl7:
                  - name: ehr
                    kind: pcd-01
                    host: 127.0.0.1
                    port: 6661
                  - name: alarms
                    kind: pcd-04
                    host: 127.0.0.1
                    port: 6662
                """.formatted(data().toString().replace("\\", "/")));
    }

    @Test
    void theParkedMessagesOfOneDestinationAreQueuedAgainAndTheRequeueAudited() {
        givenParkedMessages("ehr", 2);
        givenParkedMessages("alarms", 1);

        int status = requeueParked("--config", configFile.toString(), "--hl7", "--destination", "ehr", "--user", "anna");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("Requeued 2 parked HL7 messages to ehr" + System.lineSeparator());
        try (Database database = Database.open(StorageConfig.h2(data()), Clock.systemUTC())) {
            Hl7OutboxRepository outbox = new Hl7OutboxRepository(database, Clock.systemUTC());
            assertThat(outbox.entries("ehr", Hl7OutboxEntry.State.PENDING, 10)).hasSize(2);
            assertThat(outbox.entries("alarms", Hl7OutboxEntry.State.PARKED, 10)).hasSize(1);
            assertThat(new AuditRepository(database).since(Instant.EPOCH, 10)).singleElement().satisfies(entry -> {
                assertThat(entry.user()).isEqualTo("anna");
                assertThat(entry.action()).isEqualTo("HL7_REQUEUED");
                assertThat(entry.details()).isEqualTo("2 messages to ehr");
            });
        }
    }

    @Test
    void withoutADestinationEveryDestinationsParkedMessagesAreQueuedAgain() {
        givenParkedMessages("ehr", 1);
        givenParkedMessages("alarms", 1);

        int status = requeueParked("--config", configFile.toString(), "--hl7");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Requeued 2 parked HL7 messages");
    }

    @Test
    void anUnknownDestinationIsAnErrorThatNamesTheConfiguredOnes() {
        int status = requeueParked("--config", configFile.toString(), "--hl7", "--destination", "lab");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("no hl7: destination 'lab'").contains("configured: ehr, alarms");
    }

    private void givenParkedMessages(String destination, int count) {
        try (Database database = Database.open(StorageConfig.h2(data()), Clock.systemUTC())) {
            Hl7OutboxRepository outbox = new Hl7OutboxRepository(database, Clock.systemUTC());
            for (int i = 0; i < count; i++) {
                outbox.enqueue(List.of(new NewMessage(destination, "chair-1", "ORU^R01", destination + i, "MSH|^~\\&|VIGIL")));
            }
            for (Hl7OutboxEntry entry : outbox.entries(destination, Hl7OutboxEntry.State.PENDING, 10)) {
                outbox.park(entry.seq(), "AE: unknown patient");
            }
        }
    }

    private int requeueParked(String... options) {
        String[] arguments = new String[options.length + 1];
        arguments[0] = "requeue-parked";
        System.arraycopy(options, 0, arguments, 1, options.length);
        return new CommandLine(new VigilCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(arguments);
    }

    private Path data() {
        return directory.resolve("data");
    }
}
