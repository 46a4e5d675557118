package org.vigil.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.config.HaConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.ha.GatewayLease;
import org.vigil.gateway.ha.Role;
import org.vigil.gateway.health.HealthReport;
import org.vigil.gateway.http.HttpServer;
import org.vigil.gateway.http.StandbyHandler;
import org.vigil.gateway.storage.Database;
import org.vigil.gateway.storage.LeaseRepository;
import org.vigil.gateway.storage.Takeover;

/**
 * One gateway of an active/standby pair (docs/deployment.md). It starts as the standby: the lease,
 * and an HTTP interface with {@code /health} and the dashboard page only. Once it takes the lease
 * it closes that interface and starts the whole {@link Gateway}, whose every output asks the lease
 * first. When the lease is lost the process exits at once with {@value #EXIT_LEASE_LOST}
 * ({@code EX_TEMPFAIL} of sysexits.h): nothing it still had in hand goes out, and the service
 * manager starts it again as the standby.
 */
public final class ActiveStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveStandby.class);

    public static final int EXIT_LEASE_LOST = 75;
    /** The lease's own connections, apart from the gateway's pool, so that a busy pool never delays a renewal. */
    private static final int LEASE_CONNECTIONS = 2;

    private final VigilConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();
    private final String holder = holderId();
    private Database database;
    private Database storage;
    private HttpServer standbyHttp;
    private GatewayLease lease;
    private Gateway active;
    private boolean closing;

    private ActiveStandby(VigilConfig config) {
        this.config = config;
    }

    /** Starts as the standby; returns once {@code /health} answers. */
    public static ActiveStandby start(VigilConfig config) throws Exception {
        ActiveStandby pair = new ActiveStandby(config);
        try {
            pair.startStandby();
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    private synchronized void startStandby() throws Exception {
        HaConfig ha = config.ha();
        // The gateway's own pool is opened and migrated now, not in the seconds of a takeover.
        storage = Database.open(StorageSettings.of(config), clock);
        database = Database.open(StorageSettings.of(config).withMaxConnections(LEASE_CONNECTIONS), clock);
        standbyHttp = new HttpServer();
        HealthReport health = standbyHealth();
        int port = standbyHttp.start(config.http(), config.configDirectory(), tlsPassword(),
                () -> new StandbyHandler(health, () -> lease == null ? null : lease.leaseHolderUrl()));
        String url = config.http().publicUrl() != null ? config.http().publicUrl()
                : config.http().scheme() + "://" + config.http().bind() + ":" + port;
        lease = new GatewayLease(new LeaseRepository(database), holder, url,
                new GatewayLease.Timing(ha.lease().duration(), ha.renew().duration(), ha.poll().duration()),
                new GatewayLease.Listener() {
                    @Override
                    public void acquired(Takeover takeover) {
                        Thread thread = new Thread(() -> takeOver(takeover), "vigil-takeover");
                        thread.setDaemon(true);
                        thread.start();
                    }

                    @Override
                    public void lost(String reason) {
                        Runtime.getRuntime().halt(EXIT_LEASE_LOST);
                    }
                });
        // Built once per process, each resource type scanned at its first use: done now, not in the seconds of a takeover.
        for (String type : List.of("Observation", "Patient", "Device", "Bundle", "Encounter")) {
            FhirContextHolder.r4().getResourceDefinition(type);
        }
        LOG.info("Vigil serves {}://{}:{}/ as the standby {} of an active/standby pair", config.http().scheme(),
                config.http().bind(), port, holder);
        lease.start();
    }

    /** The role {@code /health} answers from the lease taken until the whole gateway serves on the port. */
    static final String TAKING_OVER = "taking-over";

    private void takeOver(Takeover takeover) {
        boolean failed = false;
        synchronized (this) {
            if (closing) return;
            standbyHttp.close();
            standbyHttp = null;
            try {
                Database handedOver = storage;
                storage = null;
                active = Gateway.startActive(config, lease, takeover, handedOver);
                LOG.info("Active with lease epoch {}", takeover.epoch());
            } catch (Exception | Error e) {
                LOG.error("Taking over as the active gateway failed; exiting so that the service manager starts it again", e);
                lease.release();
                failed = true;
            }
        }
        if (failed) System.exit(1);
    }

    private HealthReport standbyHealth() {
        return new HealthReport() {
            @Override
            public Map<String, Object> report() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "UP");
                body.put("time", clock.instant());
                body.put("startedAt", startedAt);
                body.put("storage", database.health().isHealthy() ? "UP" : "FAILING");
                // this server answers until the whole gateway serves: with the lease taken, it is taking over, not yet active
                body.put("role", lease == null || lease.role() == Role.STANDBY ? Role.STANDBY.text() : TAKING_OVER);
                body.put("leaseHolder", lease == null ? null : lease.leaseHolder());
                body.put("leaseHolderUrl", lease == null ? null : lease.leaseHolderUrl());
                body.put("peers", config.ha().peers());
                return body;
            }

            @Override
            public List<String> peers() {
                return config.ha().peers();
            }
        };
    }

    private String tlsPassword() {
        return config.http().tls() == null || config.http().tls().passwordEnv() == null ? null
                : System.getenv(config.http().tls().passwordEnv());
    }

    /** Host name, process id and a random part: a restarted process is a new holder. */
    private static String holderId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }

    /** Stops the active gateway while still holding the lease, then releases it so that the standby takes over at once. */
    @Override
    public synchronized void close() {
        closing = true;
        if (active != null) active.close();
        if (lease != null) {
            lease.release();
            lease.close();
        }
        if (standbyHttp != null) standbyHttp.close();
        if (storage != null) storage.close();
        if (database != null) database.close();
    }
}
