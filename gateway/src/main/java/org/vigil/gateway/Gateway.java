package org.vigil.gateway;

import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.gateway.alarms.AlarmEvaluation;
import org.vigil.gateway.alarms.AlarmLogWriter;
import org.vigil.gateway.alarms.AlarmService;
import org.vigil.gateway.alarms.AlarmSources;
import org.vigil.gateway.alarms.BedLimits;
import org.vigil.gateway.alarms.StorageAlarmLog;
import org.vigil.gateway.auth.SessionAccess;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.ConfigLoader;
import org.vigil.gateway.config.MqttConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.devices.BloodPressureRequests;
import org.vigil.gateway.devices.DeviceFleet;
import org.vigil.gateway.export.ExportConfig;
import org.vigil.gateway.export.ExportRequeue;
import org.vigil.gateway.export.FhirExporter;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.fhir.Admissions;
import org.vigil.gateway.fhir.ChartingPolicy;
import org.vigil.gateway.fhir.FhirApi;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.FhirEndpoints;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.gateway.ha.FailoverAlarm;
import org.vigil.gateway.ha.LeaseStatus;
import org.vigil.gateway.health.GatewayHealth;
import org.vigil.gateway.health.MonitoringGaps;
import org.vigil.gateway.health.TechnicalWatch;
import org.vigil.gateway.hl7.Hl7Control;
import org.vigil.gateway.hl7.Hl7Interfaces;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.http.ApiHandler;
import org.vigil.gateway.http.ApiPorts;
import org.vigil.gateway.http.HttpServer;
import org.vigil.gateway.lifecycle.Component;
import org.vigil.gateway.lifecycle.ComponentStack;
import org.vigil.gateway.metrics.MicrometerGatewayMetrics;
import org.vigil.gateway.mqtt.BrokerAccounts;
import org.vigil.gateway.mqtt.ClientIdTakeoverAlarm;
import org.vigil.gateway.mqtt.EmbeddedBroker;
import org.vigil.gateway.mqtt.GatewayIdentity;
import org.vigil.gateway.mqtt.GatewayPublisher;
import org.vigil.gateway.sessions.ChairSessions;
import org.vigil.gateway.sessions.SessionWatch;
import org.vigil.gateway.storage.AlarmLogRepository;
import org.vigil.gateway.storage.AuditRepository;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.FencingToken;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.GatewayRunRepository;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.HttpSessionRepository;
import org.vigil.gateway.storage.OccupancyRepository;
import org.vigil.gateway.storage.OutboxRepository;
import org.vigil.gateway.storage.Retention;
import org.vigil.gateway.storage.SampleRepository;
import org.vigil.gateway.storage.SessionRepository;
import org.vigil.gateway.storage.Takeover;
import org.vigil.gateway.stream.StreamHeartbeat;
import org.vigil.gateway.stream.StreamHub;

/**
 * The composition root: builds the gateway's components from the configuration and starts them
 * in dependency order; {@link #close()} stops them in reverse, so intake stops first, every queued
 * reading, alarm change and export is written next, and storage closes last.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Each component's share of the 10 s a stop may take. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    static final String MQTT_CONNECTION_LOST = "mqtt-connection-lost";

    private final VigilConfig config;
    private final Clock clock;
    private final ComponentStack components = new ComponentStack(START_TIMEOUT, STOP_TIMEOUT);
    private final MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics();
    private final LeaseStatus lease;
    private final StreamHub hub;
    private final BedLimits limits = new BedLimits();
    private final Ward ward;
    private final ReadingPipeline pipeline;
    private Database database;
    private OutboxRepository outbox;
    private FhirResourceRepository resources;
    private VitalsRecorder recorder;
    private AlarmService alarms;
    private Hl7Interfaces hl7;
    private int httpPort;
    private int mqttTlsPort;

    private Gateway(VigilConfig config, Clock clock, LeaseStatus lease) {
        this.config = config;
        this.clock = clock;
        this.lease = lease;
        this.hub = new StreamHub(lease);
        this.ward = new Ward(config.beds());
        this.pipeline = new ReadingPipeline(ward, hub, metrics, 2);
    }

    /**
     * Starts everything the configuration describes; on failure, stops what had started. With users
     * configured every API call needs a signed-in user; without, the gateway is open (loopback only,
     * which {@code ConfigValidator} enforces for loaded files).
     */
    public static Gateway start(VigilConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(VigilConfig)}, on {@code clock}: a {@link org.vigil.model.ScaledClock} plays a simulated ward faster. */
    public static Gateway start(VigilConfig config, Clock clock) throws Exception {
        return start(config, clock, LeaseStatus.SINGLE_NODE, null, null);
    }

    /**
     * The active gateway of an active/standby pair, which has just taken the lease: every output
     * asks {@code lease} first, and a {@code takeover} from another holder raises
     * {@value FailoverAlarm#RULE}. {@code storage} was opened (and migrated) while standing by; the
     * gateway closes it.
     */
    public static Gateway startActive(VigilConfig config, LeaseStatus lease, Takeover takeover, Database storage)
            throws Exception {
        return start(config, Clock.systemUTC(), lease, takeover, storage);
    }

    private static Gateway start(VigilConfig config, Clock clock, LeaseStatus lease, Takeover takeover, Database storage)
            throws Exception {
        if (config.users().isEmpty()) {
            LOG.warn("No users configured: anyone who reaches http://{}:{}/ acts as an admin",
                    config.http().bind(), config.http().port());
            return start(config, AccessPolicy.OPEN, clock, false, lease, takeover, storage);
        }
        return start(config, SessionAccess.of(config.users(), config.http().tls() != null), clock, true,
                lease, takeover, storage);
    }

    /** With an access policy of the caller's, which the caller closes; it may outlive this gateway. */
    public static Gateway start(VigilConfig config, AccessPolicy access) throws Exception {
        return start(config, access, Clock.systemUTC());
    }

    public static Gateway start(VigilConfig config, AccessPolicy access, Clock clock) throws Exception {
        return start(config, access, clock, false, LeaseStatus.SINGLE_NODE, null, null);
    }

    private static Gateway start(VigilConfig config, AccessPolicy access, Clock clock, boolean ownsAccess,
                                 LeaseStatus lease, Takeover takeover, Database storage) throws Exception {
        Map<String, AlarmProfile> profiles;
        try {
            profiles = ConfigLoader.loadProfiles(config);
        } catch (Exception | Error e) {
            if (storage != null) storage.close();
            throw e;
        }
        Gateway gateway = new Gateway(config, clock, lease);
        try {
            if (ownsAccess) gateway.components.start(Component.closing("sign-in", access::close));
            gateway.startComponents(profiles, access, takeover, storage);
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startComponents(Map<String, AlarmProfile> profiles, AccessPolicy access, Takeover takeover,
                                 Database storage) throws Exception {
        var startedAt = clock.instant();
        Path dataDirectory = Path.of(config.storage().directory());
        database = storage != null ? storage : Database.open(StorageSettings.of(config), clock);
        components.start(Component.closing("storage", database::close));
        FencingToken fencing = lease::epoch;
        outbox = new OutboxRepository(database, clock, fencing, config.export().enabled());
        SampleRepository samples = new SampleRepository(database);
        resources = new FhirResourceRepository(database, outbox, FhirContextHolder.r4(), clock);
        StorageAlarmLog alarmLog = new StorageAlarmLog(new AlarmLogRepository(database, fencing), new AuditRepository(database), clock);
        if (access instanceof SessionAccess sessions) sessions.keepSessionsIn(new HttpSessionRepository(database));
        components.start(new MonitoringGaps(new GatewayRunRepository(database), alarmLog, clock));
        GatewayIdentity mqttIdentity = config.mqtt().embedded()
                ? GatewayIdentity.generated(config.mqtt().clientId())
                : new GatewayIdentity(config.mqtt().username(), mqttPassword());
        GatewayPublisher publisher = new GatewayPublisher(config.mqtt().brokerUrl(), config.mqtt().outputsClientId(),
                mqttIdentity.username(), mqttIdentity.password(), clock, lease);
        AlarmLogWriter logWriter = new AlarmLogWriter(alarmLog);
        alarms = new AlarmService(ward, profiles, pipeline, hub, publisher, alarmLog, logWriter, limits, clock);
        if (config.mqtt().embedded()) startEmbeddedBroker(mqttIdentity, dataDirectory.resolve("broker"));
        publisher.watchConnection(new GatewayPublisher.ConnectionWatch() {
            @Override
            public void lost(String reason) {
                alarms.raise(MQTT_CONNECTION_LOST, Priority.HIGH, "Alarms cannot reach pagers and MQTT devices cannot be read: " + reason);
            }

            @Override
            public void restored() {
                alarms.clear(MQTT_CONNECTION_LOST);
            }
        });
        components.start(logWriter);
        components.start(publisher);
        components.start(alarms.ownAlarms());
        if (takeover != null) components.start(new FailoverAlarm(alarms, takeover, lease.leaseHolder()));
        OccupancyRepository occupancies = new OccupancyRepository(database, resources);
        hl7 = hl7Interfaces(profiles, occupancies);
        if (hl7 != null) {
            for (var service : hl7.services()) components.start(service);
            if (hl7.alarmReports() != null) alarms.observe(hl7.alarmReports());
            hl7.registerMeters(metrics.registry(), clock);
            LOG.info("HL7 v2 to {}", config.hl7().stream().map(d -> d.name() + " (" + d.kind() + ", " + d.host() + ":"
                    + d.port() + ")").toList());
        }

        FhirExporter exporter = exporter();
        TechnicalWatch watch = new TechnicalWatch(alarms, storageState(), exporter == null ? null : exportState(exporter),
                config.export().lagAlarm().duration(), clock);
        recorder = new VitalsRecorder(samples, resources, occupancies,
                new ChartingPolicy(config.storage().chartingInterval().duration(), ChartingPolicy.DEFAULT_NIBP_ASSEMBLY),
                limits::of, clock, config.storage().recorderQueue(), watch::storageFailed);
        if (hl7 != null && hl7.charting() != null) recorder.addListener(hl7.charting());
        components.start(Component.of("recorder", recorder::start, recorder::close));
        if (exporter != null) {
            components.start(Component.of("FHIR export", exporter::start, exporter::stop));
            LOG.info("Exporting to {}", config.export().baseUrl());
        }
        components.start(new StreamHeartbeat(hub, clock));

        pipeline.addStage(new RecordingStage(recorder));
        AlarmEvaluation evaluation = new AlarmEvaluation(alarms, ward, pipeline, hub::clientCount, clock);
        pipeline.addStage(evaluation);
        pipeline.addStage(new FirstReadingLog());
        alarms.observe(new AlarmCharting(new AlarmSources(ward, profiles), recorder, limits));
        components.start(Component.closing("reading pipeline", pipeline::close));
        components.start(evaluation);
        components.start(watch);
        Retention retention = new Retention(samples, outbox, database.config().sampleRetention(), clock);
        components.start(new RetentionSchedule(() -> {
            int removed = retention.apply();
            if (hl7 != null) hl7.deleteSentBefore(clock.instant().minus(database.config().sampleRetention()));
            return removed;
        }, watch::storageFailed));
        int recorderQueue = config.storage().recorderQueue();
        StorageBackpressure backpressure = new StorageBackpressure(() -> pipeline.pendingTasks() + recorder.backlog(),
                recorder::progress, recorderQueue * 2 / 5, recorderQueue / 5, config.storage().intakeHold().duration());
        new GatewayMeters(metrics).register(hub, recorder, backpressure, database, alarms, exporter, clock);
        metrics.counter("vigil.ha.lease.renewals.total", "Renewals of the active/standby lease by this gateway", lease::renewals);
        long failovers = takeover != null && takeover.followsAnotherHolder() ? 1 : 0;
        metrics.counter("vigil.ha.failovers.total", "Times this gateway took the lease over from another", () -> failovers);

        ChairSessions sessions = new ChairSessions(new SessionRepository(database, outbox, FhirContextHolder.r4()), samples, ward, profiles, alarms, alarmLog,
                admissions(), alarms, clock);
        components.start(Component.of("sessions", sessions::restore, Component.Step.NOTHING));

        DeviceFleet fleet = new DeviceFleet(config, mqttIdentity.username(), mqttIdentity.password(), pipeline, metrics,
                clock, backpressure, lease);
        components.start(Component.of("device drivers", fleet::start, fleet::close));
        BloodPressureRequests bloodPressure = new BloodPressureRequests(fleet, alarms);
        components.start(new SessionWatch(sessions, bloodPressure, clock));

        HttpServer http = new HttpServer();
        ApiPorts ports = new ApiPorts(ward, alarms, alarmLog, alarms, limits, admissions(), sessions, bloodPressure,
                new ExportRequeue(outbox, alarms, exporter), hl7 == null ? Hl7Control.NONE : hl7, fhirEndpoints(), hub, metrics,
                new GatewayHealth(clock, startedAt, ward.beds().size(), hub::clientCount, () -> database.health().isHealthy(),
                        publisher::isConnected, logWriter::backlog, lease, config.ha().peers()), access, clock);
        components.start(Component.of("HTTP", () -> httpPort = http.start(config.http(), config.configDirectory(),
                secret(config.http().tls() == null ? null : config.http().tls().passwordEnv()), () -> new ApiHandler(ports)),
                http::close));
        new NettyEventExecutorMetrics(http.workers()).bindTo(metrics.registry());
        LOG.info("Vigil serves {}://{}:{}/ ({} beds)", config.http().scheme(), config.http().bind(), httpPort,
                ward.beds().size());
    }

    private void startEmbeddedBroker(GatewayIdentity identity, Path dataDirectory) throws Exception {
        MqttConfig mqtt = config.mqtt();
        ClientIdTakeoverAlarm takeover = new ClientIdTakeoverAlarm(alarms);
        components.start(Component.closing("MQTT client id watch", takeover::close));
        BrokerAccounts accounts = new BrokerAccounts(identity, mqtt.gatewayClientIds(), mqtt.clients(), mqtt.anonymous(),
                takeover::refused);
        EmbeddedBroker.Tls tls = mqtt.tls() == null ? null : new EmbeddedBroker.Tls(mqtt.tls().port(),
                mqtt.tls().certificatePath(config.configDirectory()), mqtt.tls().keyPath(config.configDirectory()));
        EmbeddedBroker broker = new EmbeddedBroker(mqtt.host(), mqtt.port(), dataDirectory, accounts, mqtt.anonymous(), tls);
        components.start(Component.closing("embedded MQTT broker", broker::close));
        mqttTlsPort = broker.tlsPort();
        LOG.info("Embedded MQTT broker on {}:{}{} ({} clients{})", mqtt.host(), mqtt.port(),
                tls == null ? "" : ", TLS on port " + mqttTlsPort, mqtt.clients().size(),
                mqtt.anonymous() ? "; anonymous clients allowed, a loopback test bench" : "");
    }

    private String mqttPassword() {
        return secret(config.mqtt().passwordEnv());
    }

    private static String secret(String environmentVariable) {
        return environmentVariable == null ? null : System.getenv(environmentVariable);
    }

    private FhirExporter exporter() {
        if (!config.export().enabled()) return null;
        String authorization = config.export().authorizationEnv() == null ? null
                : System.getenv(config.export().authorizationEnv());
        return new FhirExporter(outbox, ExportConfig.to(URI.create(config.export().baseUrl()), authorization)
                .withBatchSize(config.export().batchSize()), FhirContextHolder.r4(), clock, lease);
    }

    private Hl7Interfaces hl7Interfaces(Map<String, AlarmProfile> profiles, OccupancyRepository occupancies) {
        if (config.hl7().isEmpty()) return null;
        return new Hl7Interfaces(config.hl7(), new Hl7OutboxRepository(database, clock, lease::epoch),
                new Hl7Interfaces.Sources(ward, limits, profiles, resources, occupancies, alarms, alarms,
                        config.storage().chartingInterval().duration()), clock, lease);
    }

    private TechnicalWatch.StorageState storageState() {
        return new TechnicalWatch.StorageState() {
            @Override
            public long failuresSoFar() {
                return database.health().totalFailures() + recorder.health().dropped() + recorder.health().failedWrites()
                        + recorder.health().lostSamples();
            }

            @Override
            public boolean healthy() {
                return database.health().isHealthy();
            }
        };
    }

    private static TechnicalWatch.ExportState exportState(FhirExporter exporter) {
        return new TechnicalWatch.ExportState() {
            @Override
            public Duration lag(java.time.Instant now) {
                return exporter.backlog().oldestAge(now);
            }

            @Override
            public String lastError() {
                return exporter.status().lastError();
            }
        };
    }

    private Admissions admissions() {
        return new Admissions() {
            @Override
            public CompletableFuture<String> admit(String bedId, Admission admission) {
                return recorder.admit(bedId, admission).thenApply(occupancy -> occupancy.id());
            }

            @Override
            public CompletableFuture<Void> discharge(String bedId) {
                return recorder.endOccupancy(bedId);
            }
        };
    }

    private FhirEndpoints fhirEndpoints() {
        java.util.function.Function<URI, FhirApi> apiAt = base -> new FhirApi(resources, FhirContextHolder.r4(), base, clock);
        return config.http().publicUrl() != null ? FhirEndpoints.at(apiAt, config.http().publicUrl())
                : FhirEndpoints.served(apiAt, config.http().scheme(), config.http().bind(), () -> httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** The embedded broker's TLS port, or 0 without one. */
    public int mqttTlsPort() {
        return mqttTlsPort;
    }

    /** Where every driver's output enters; stages such as the alarm engine attach to it. */
    public ReadingPipeline pipeline() {
        return pipeline;
    }

    public Ward ward() {
        return ward;
    }

    public StreamHub hub() {
        return hub;
    }

    public AlarmService alarms() {
        return alarms;
    }

    public VitalsRecorder recorder() {
        return recorder;
    }

    public Database database() {
        return database;
    }

    /** The HL7 v2 interfaces, {@code null} when none is configured. */
    public Hl7Interfaces hl7() {
        return hl7;
    }

    public OutboxRepository outbox() {
        return outbox;
    }

    /** Stops every component in reverse order of start; safe to call more than once. */
    @Override
    public void close() {
        components.close();
        metrics.close();
    }
}
