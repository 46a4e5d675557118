package org.vigil.gateway;

import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.drivers.DeviceCommand;
import org.vigil.gateway.alarms.AlarmLog;
import org.vigil.gateway.alarms.AlarmService;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.alarms.StorageAlarmLog;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.devices.DeviceFleet;
import org.vigil.gateway.export.ExportConfig;
import org.vigil.gateway.export.FhirExporter;
import org.vigil.gateway.fhir.ChartingPolicy;
import org.vigil.gateway.fhir.FhirApi;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.http.ApiHandler;
import org.vigil.gateway.http.BloodPressureControl;
import org.vigil.gateway.http.GatewayServices;
import org.vigil.gateway.http.HttpResponses;
import org.vigil.gateway.http.HttpServer;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.mqtt.EmbeddedBroker;
import org.vigil.gateway.storage.AlarmLogRepository;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.OccupancyRepository;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.Retention;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.gateway.stream.StreamHub;

/** The running gateway: broker, drivers, live state, alarms, storage, export and the HTTP interface. */
public final class Gateway implements AutoCloseable, GatewayServices {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** How often the live stream proves it is alive; the dashboard declares it lost after 5 s. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(5);
    private static final String STORAGE_FAILING = "storage-failing";
    private static final String EXPORT_FAILING = "export-failing";
    /** Export is a technical alarm once the oldest unsent resource is this old. */
    private static final Duration EXPORT_LAG_ALARM = Duration.ofMinutes(15);

    /** A Host header that may be echoed into links: a name or address and an optional port, nothing else. */
    private static final java.util.regex.Pattern VALID_HOST =
            java.util.regex.Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:\\d{1,5})?");

    private final VigilConfig config;
    private final MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics();
    private final StreamHub hub = new StreamHub();
    private final BedLimits limits = new BedLimits();
    private final Ward ward;
    private final ReadingPipeline pipeline;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final AccessPolicy access;
    private EmbeddedBroker broker;
    private Database database;
    private FhirResourceRepository resources;
    private AlarmLog alarmLog;
    private Retention retention;
    private VitalsRecorder recorder;
    private FhirExporter exporter;
    private FhirApi fhir;
    private AlarmService alarms;
    private DeviceFleet fleet;
    private HttpServer http;
    private int httpPort;
    private volatile Instant lastStorageFailureReport;
    private long failuresAtLastCheck;

    private Gateway(VigilConfig config, AccessPolicy access) {
        this.config = config;
        this.access = access;
        this.ward = new Ward(config.beds());
        this.pipeline = new ReadingPipeline(ward, hub, metrics, 2);
    }

    /**
     * Starts everything the configuration describes; on failure, stops what had started. With users
     * configured every API call needs a signed-in user; without, the gateway is open (loopback only,
     * which {@code ConfigValidator} enforces for loaded files).
     */
    public static Gateway start(VigilConfig config) throws Exception {
        if (config.users().isEmpty()) {
            LOG.warn("No users configured: anyone who reaches http://{}:{}/ acts as an admin",
                    config.http().bind(), config.http().port());
            return start(config, AccessPolicy.OPEN);
        }
        return start(config, SessionAccess.of(config.users()));
    }

    public static Gateway start(VigilConfig config, AccessPolicy access) throws Exception {
        Map<String, AlarmProfile> profiles = ConfigLoader.loadProfiles(config);
        Gateway gateway = new Gateway(config, access);
        try {
            gateway.startParts(profiles);
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startParts(Map<String, AlarmProfile> profiles) throws Exception {
        Path dataDirectory = Path.of(config.storage().directory());
        database = Database.open(StorageSettings.of(config), Clock.systemUTC());
        OutboxRepository outbox = new OutboxRepository(database, Clock.systemUTC());
        SampleRepository samples = new SampleRepository(database);
        resources = new FhirResourceRepository(database, outbox, FhirContextHolder.r4(), Clock.systemUTC());
        alarmLog = new StorageAlarmLog(new AlarmLogRepository(database), new AuditRepository(database));
        retention = new Retention(samples, outbox, database.config().sampleRetention(), Clock.systemUTC());
        if (config.mqtt().embedded()) {
            broker = new EmbeddedBroker(config.mqtt().host(), config.mqtt().port(), dataDirectory.resolve("broker"));
            LOG.info("Embedded MQTT broker on {}:{}", config.mqtt().host(), config.mqtt().port());
        }
        fleet = new DeviceFleet(config, pipeline, metrics);
        alarms = new AlarmService(ward, profiles, pipeline, hub, fleet.mqtt()::publish, alarmLog,
                limits, hub::clientCount);
        recorder = new VitalsRecorder(samples, resources, new OccupancyRepository(database, resources),
                new ChartingPolicy(config.storage().chartingInterval().duration(), ChartingPolicy.DEFAULT_NIBP_ASSEMBLY),
                limits::of, Clock.systemUTC(), VitalsRecorder.DEFAULT_QUEUE_CAPACITY, this::storageFailed);
        recorder.start();
        pipeline.addStage(alarms);
        pipeline.addStage(new RecordingStage(recorder));
        alarms.observe(new AlarmCharting(ward, recorder, limits, profiles));
        alarms.start();
        String fallbackHost = config.http().bind().equals("0.0.0.0") ? "127.0.0.1" : config.http().bind();
        if (config.export().enabled()) {
            String authorization = config.export().authorizationEnv() == null ? null
                    : System.getenv(config.export().authorizationEnv());
            exporter = new FhirExporter(outbox, ExportConfig.to(URI.create(config.export().baseUrl()), authorization)
                    .withBatchSize(config.export().batchSize()), FhirContextHolder.r4(), Clock.systemUTC());
            exporter.start();
            LOG.info("Exporting to {}", config.export().baseUrl());
        }
        registerGauges();
        fleet.start();
        http = new HttpServer();
        httpPort = http.start(config.http(), () -> new ApiHandler(this));
        fhir = new FhirApi(resources, FhirContextHolder.r4(), URI.create("http://" + fallbackHost + ":" + httpPort + "/fhir"),
                Clock.systemUTC());
        new NettyEventExecutorMetrics(http.workers()).bindTo(metrics.registry());
        scheduler.scheduleAtFixedRate(() -> hub.publish("heartbeat", Map.of("time", Instant.now())),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::checkHealth, HEALTH_CHECK.toMillis(), HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::applyRetention, 1, Duration.ofHours(24).toMinutes(), TimeUnit.MINUTES);
        LOG.info("Vigil serves http://{}:{}/ ({} beds)", config.http().bind(), httpPort, ward.beds().size());
    }

    private void registerGauges() {
        metrics.gauge("vigil.stream.clients", "Connected live-stream (dashboard) clients", hub::clientCount);
        metrics.gauge("vigil.storage.queue", "Readings waiting to be stored", () -> recorder.health().queued());
        metrics.gauge("vigil.storage.dropped", "Readings dropped because the storage queue was full",
                () -> recorder.health().dropped());
        metrics.gauge("vigil.storage.failures", "Storage writes that failed", () -> database.health().totalFailures());
        metrics.gauge("vigil.alarms.active", "Alarms in force, the gateway's own included",
                () -> alarms.activeAlarms().size());
        if (exporter != null) {
            metrics.gauge("vigil.export.backlog", "Resources waiting to be exported", () -> exporter.backlog().pending());
            metrics.gauge("vigil.export.parked", "Resources the FHIR server refused", () -> exporter.backlog().parked());
            metrics.gauge("vigil.export.oldest.age.seconds", "Age of the oldest resource waiting to be exported",
                    () -> exporter.backlog().oldestAge(Instant.now()) == null ? 0
                            : exporter.backlog().oldestAge(Instant.now()).toSeconds());
        }
    }

    /**
     * Storage that cannot write is a technical alarm, never a silent loss. Under a flood of failures
     * it is raised and logged once per health-check period, not once per reading.
     */
    private void storageFailed(RuntimeException failure) {
        Instant now = Instant.now();
        Instant last = lastStorageFailureReport;
        if (last != null && Duration.between(last, now).compareTo(HEALTH_CHECK) < 0) return;
        lastStorageFailureReport = now;
        LOG.error("Storage write failed: {}", failure.toString());
        alarms.raiseTechnical(STORAGE_FAILING, Priority.HIGH, "Vital signs cannot be stored: " + failure.getMessage());
    }

    private void checkHealth() {
        try {
            // Healthy again once a whole period passes without a new failure or dropped reading.
            long failures = database.health().totalFailures() + recorder.health().dropped() + recorder.health().failedWrites();
            if (failures == failuresAtLastCheck && database.health().isHealthy()) {
                alarms.clearTechnical(STORAGE_FAILING);
            }
            failuresAtLastCheck = failures;
            if (exporter != null) {
                Duration lag = exporter.backlog().oldestAge(Instant.now());
                if (lag != null && lag.compareTo(EXPORT_LAG_ALARM) > 0) {
                    alarms.raiseTechnical(EXPORT_FAILING, Priority.LOW, "FHIR export is " + lag.toMinutes()
                            + " min behind: " + exporter.status().lastError());
                } else {
                    alarms.clearTechnical(EXPORT_FAILING);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Health check failed", e);
        }
    }

    private void applyRetention() {
        try {
            int removed = retention.apply();
            if (removed > 0) LOG.info("Retention removed {} old samples", removed);
        } catch (RuntimeException e) {
            storageFailed(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where every driver's output enters; stages such as the alarm engine attach to it. */
    public ReadingPipeline pipeline() {
        return pipeline;
    }

    @Override
    public Ward ward() {
        return ward;
    }

    @Override
    public StreamHub hub() {
        return hub;
    }

    @Override
    public MicrometerGatewayMetrics metrics() {
        return metrics;
    }

    @Override
    public AlarmService alarms() {
        return alarms;
    }

    @Override
    public BedLimits limits() {
        return limits;
    }

    @Override
    public VitalsRecorder recorder() {
        return recorder;
    }

    @Override
    public AlarmLog alarmLog() {
        return alarmLog;
    }

    @Override
    public boolean storageHealthy() {
        return database.health().isHealthy();
    }

    public Database database() {
        return database;
    }

    @Override
    public FhirApi fhir(String host) {
        if (host == null || !VALID_HOST.matcher(host).matches()) return fhir;
        return new FhirApi(resources, FhirContextHolder.r4(), URI.create("http://" + host + "/fhir"), Clock.systemUTC());
    }

    @Override
    public AccessPolicy access() {
        return access;
    }

    @Override
    public BloodPressureControl bloodPressure() {
        return this::startBloodPressure;
    }

    private FullHttpResponse startBloodPressure(BedState bed, String user) {
        for (DeviceConfig device : bed.config().devices()) {
            Optional<CompletableFuture<Boolean>> started = fleet.command(device.id(), DeviceCommand.START_BP);
            if (started.isEmpty()) continue;
            try {
                if (started.get().get(2, TimeUnit.SECONDS)) {
                    alarms.audit(user, "BP_REQUESTED", bed.id(), device.id());
                    return HttpResponses.json(HttpResponseStatus.ACCEPTED,
                            Map.of("bed", bed.id(), "device", device.id(), "status", "measurement started"));
                }
            } catch (Exception e) {
                return HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "device " + device.id() + " did not take the command: " + e.getMessage());
            }
        }
        return HttpResponses.error(HttpResponseStatus.CONFLICT,
                "bed " + bed.id() + " has no connected blood-pressure device that can be started remotely");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        hub.closeAll();
        if (http != null) http.close();
        if (fleet != null) fleet.close();
        pipeline.close();
        if (alarms != null) alarms.close();
        if (exporter != null) exporter.stop();
        if (recorder != null) recorder.close();
        if (broker != null) broker.close();
        if (database != null) database.close();
        metrics.close();
    }
}
