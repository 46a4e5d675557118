package org.vigil.gateway.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.vigil.gateway.StorageSettings;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.StorageConfig;
import org.vigil.gateway.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "requeue-parked", description = {
        "Send the export entries the FHIR server refused again, once the cause is fixed, and audit it.",
        "The embedded database can only be opened while the gateway is stopped.",
        "Example: java -jar vigil-gateway.jar requeue-parked --config config/vigil.yaml --user anna"})
final class RequeueParkedCommand implements Callable<Integer> {

    static final String AUDIT_ACTION = "EXPORT_REQUEUED";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/vigil.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--user", paramLabel = "NAME", description = "who requeues, for the audit log (default: the OS user)")
    String user;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VigilConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        StorageConfig storage = StorageSettings.of(loaded);
        Clock clock = Clock.systemUTC();
        String by = user != null && !user.isBlank() ? user : System.getProperty("user.name");
        try (Database database = Database.open(storage, clock)) {
            int requeued = new OutboxRepository(database, clock).requeueParked();
            new AuditRepository(database).record(new AuditEntry(clock.instant(), by, AUDIT_ACTION, null, requeued + " entries"));
            spec.commandLine().getOut().println("Requeued " + requeued + " parked export " + (requeued == 1 ? "entry" : "entries"));
            return 0;
        } catch (StorageException e) {
            spec.commandLine().getErr().println("requeue-parked: " + oneLine(e.getMessage()));
            return 1;
        }
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
