package org.vigil.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.OutboxEntry;
import org.vigil.gateway.storage.StorageConfig;
import org.vigil.gateway.storage.TestRepositories;
import org.vigil.gateway.support.TestWards;
import picocli.CommandLine;

class RequeueParkedCommandTest {

    @TempDir
    Path directory;

    private Path configFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void givenAConfigurationWithAnEmbeddedDatabase() throws Exception {
        Path profiles = Files.createDirectories(directory.resolve("alarm-profiles"));
        Files.copy(TestWards.shippedConfig().resolve("alarm-profiles/kap-adult.yaml"), profiles.resolve("kap-adult.yaml"));
        configFile = directory.resolve("vigil.yaml");
        Files.writeString(configFile, """
                storage:
                  directory: "%s"
                beds:
                  - id: chair-1
                """.formatted(data().toString().replace("\\", "/")));
    }

    @Test
    void parked_entries_are_queued_again_the_count_printed_and_the_requeue_audited() {
        givenParkedExportEntries(2);

        int status = requeueParked("--config", configFile.toString(), "--user", "anna");

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("Requeued 2 parked export entries" + System.lineSeparator());
        try (Database database = Database.open(StorageConfig.h2(data()), Clock.systemUTC())) {
            TestRepositories storage = TestRepositories.over(database, Clock.systemUTC());
            assertThat(storage.outbox().entries(OutboxEntry.State.PARKED, 10)).isEmpty();
            assertThat(storage.outbox().pending(10)).hasSize(2).allSatisfy(entry -> assertThat(entry.attempts()).isZero());
            assertThat(storage.audit().since(Instant.EPOCH, 10)).singleElement().satisfies(entry -> {
                assertThat(entry.user()).isEqualTo("anna");
                assertThat(entry.action()).isEqualTo("EXPORT_REQUEUED");
                assertThat(entry.details()).isEqualTo("2 entries");
            });
        }
    }

    @Test
    void without_a_user_the_os_user_is_audited() {
        givenParkedExportEntries(1);

        int status = requeueParked("--config", configFile.toString());

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Requeued 1 parked export entry");
        try (Database database = Database.open(StorageConfig.h2(data()), Clock.systemUTC())) {
            List<AuditEntry> audit = TestRepositories.over(database, Clock.systemUTC()).audit().since(Instant.EPOCH, 10);
            assertThat(audit).extracting(AuditEntry::user).containsExactly(System.getProperty("user.name"));
        }
    }

    @Test
    void a_database_locked_by_a_running_gateway_is_a_one_line_error_and_exit_status_1() throws Exception {
        givenParkedExportEntries(1);

        int status;
        try (FileChannel file = FileChannel.open(data().resolve("vigil.mv.db"), StandardOpenOption.WRITE);
             FileLock lock = file.lock()) {
            status = requeueParked("--config", configFile.toString());
        }

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("requeue-parked: cannot open database at jdbc:h2:file:")
                .endsWith(System.lineSeparator());
        assertThat(err.toString().strip()).doesNotContain("\n");
    }

    private void givenParkedExportEntries(int count) {
        try (Database database = Database.open(StorageConfig.h2(data()), Clock.systemUTC())) {
            TestRepositories storage = TestRepositories.over(database, Clock.systemUTC());
            for (int i = 0; i < count; i++) storage.resources().saveDevice("ox-" + i, new ObservationFactory().device("ox-" + i, null));
            storage.outbox().park(storage.outbox().pending(10).stream().map(OutboxEntry::seq).toList(), "HTTP 422: refused");
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
