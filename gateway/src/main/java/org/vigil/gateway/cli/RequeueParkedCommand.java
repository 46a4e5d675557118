package org.vigil.gateway.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.vigil.gateway.StorageSettings;
import org.vigil.gateway.config.ConfigException;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.storage.AuditEntry;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.StorageConfig;
import org.vigil.gateway.storage.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "requeue-parked", description = {
        "Send the export entries the FHIR server refused again, once the cause is fixed, and audit it;",
        "with --hl7, the HL7 messages a receiver answered with AE or AR.",
        "The embedded database can only be opened while the gateway is stopped.",
        "Example: java -jar vigil-gateway.jar requeue-parked --config config/vigil.yaml --user anna",
        "         java -jar vigil-gateway.jar requeue-parked --hl7 --destination ehr --user anna"})
final class RequeueParkedCommand implements Callable<Integer> {

    static final String AUDIT_ACTION = "EXPORT_REQUEUED";
    static final String HL7_AUDIT_ACTION = "HL7_REQUEUED";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/vigil.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--user", paramLabel = "NAME", description = "who requeues, for the audit log (default: the OS user)")
    String user;

    @Option(names = "--hl7", description = "requeue the parked HL7 messages instead of the FHIR export entries")
    boolean hl7;

    @Option(names = "--destination", paramLabel = "NAME", description = "with --hl7: only the messages to this hl7: destination")
    String destination;

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
        if (destination != null && !hl7) {
            spec.commandLine().getErr().println("--destination goes with --hl7");
            return 2;
        }
        if (destination != null && loaded.hl7().stream().noneMatch(d -> d.name().equals(destination))) {
            spec.commandLine().getErr().println("no hl7: destination '" + destination + "' in " + config + "; configured: "
                    + String.join(", ", loaded.hl7().stream().map(Hl7DestinationConfig::name).toList()));
            return 2;
        }
        StorageConfig storage = StorageSettings.of(loaded);
        Clock clock = Clock.systemUTC();
        String by = user != null && !user.isBlank() ? user : System.getProperty("user.name");
        try (Database database = Database.open(storage, clock)) {
            if (hl7) return requeueHl7(database, clock, by);
            int requeued = new OutboxRepository(database, clock).requeueParked();
            new AuditRepository(database).record(new AuditEntry(clock.instant(), by, AUDIT_ACTION, null, requeued + " entries"));
            spec.commandLine().getOut().println("Requeued " + requeued + " parked export " + (requeued == 1 ? "entry" : "entries"));
            return 0;
        } catch (StorageException e) {
            spec.commandLine().getErr().println("requeue-parked: " + oneLine(e.getMessage()));
            return 1;
        }
    }

    private int requeueHl7(Database database, Clock clock, String by) {
        int requeued = new Hl7OutboxRepository(database, clock).requeueParked(destination);
        new AuditRepository(database).record(new AuditEntry(clock.instant(), by, HL7_AUDIT_ACTION, null,
                requeued + " messages" + (destination == null ? "" : " to " + destination)));
        spec.commandLine().getOut().println("Requeued " + requeued + " parked HL7 " + (requeued == 1 ? "message" : "messages")
                + (destination == null ? "" : " to " + destination));
        return 0;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
