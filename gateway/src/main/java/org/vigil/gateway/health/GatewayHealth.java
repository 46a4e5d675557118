package org.vigil.gateway.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.vigil.gateway.ha.LeaseStatus;

/**
 * {@code GET /health}: up, since when, whether storage and the MQTT link work, and the gateway's
 * role in an active/standby pair with the peers the dashboard may move to.
 */
public final class GatewayHealth implements HealthReport {

    private final Clock clock;
    private final Instant startedAt;
    private final int beds;
    private final IntSupplier streamClients;
    private final BooleanSupplier storageHealthy;
    private final BooleanSupplier mqttConnected;
    private final IntSupplier alarmLogBacklog;
    private final LeaseStatus lease;
    private final List<String> peers;

    public GatewayHealth(Clock clock, Instant startedAt, int beds, IntSupplier streamClients,
                         BooleanSupplier storageHealthy, BooleanSupplier mqttConnected, IntSupplier alarmLogBacklog) {
        this(clock, startedAt, beds, streamClients, storageHealthy, mqttConnected, alarmLogBacklog, LeaseStatus.SINGLE_NODE,
                List.of());
    }

    public GatewayHealth(Clock clock, Instant startedAt, int beds, IntSupplier streamClients,
                         BooleanSupplier storageHealthy, BooleanSupplier mqttConnected, IntSupplier alarmLogBacklog,
                         LeaseStatus lease, List<String> peers) {
        this.lease = lease;
        this.peers = List.copyOf(peers);
        this.clock = clock;
        this.startedAt = startedAt;
        this.beds = beds;
        this.streamClients = streamClients;
        this.storageHealthy = storageHealthy;
        this.mqttConnected = mqttConnected;
        this.alarmLogBacklog = alarmLogBacklog;
    }

    @Override
    public List<String> peers() {
        return peers;
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("time", clock.instant());
        body.put("startedAt", startedAt);
        body.put("beds", beds);
        body.put("streamClients", streamClients.getAsInt());
        body.put("storage", storageHealthy.getAsBoolean() ? "UP" : "FAILING");
        body.put("mqtt", mqttConnected.getAsBoolean() ? "UP" : "DOWN");
        body.put("alarmLogBacklog", alarmLogBacklog.getAsInt());
        body.put("role", lease.role().text());
        body.put("leaseHolder", lease.leaseHolder());
        body.put("leaseHolderUrl", lease.leaseHolderUrl());
        body.put("peers", peers);
        return body;
    }
}
