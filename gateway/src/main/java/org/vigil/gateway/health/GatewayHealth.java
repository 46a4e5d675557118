package org.vigil.gateway.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** {@code GET /health}: up, since when, and whether storage and the MQTT link work. */
public final class GatewayHealth implements HealthReport {

    private final Clock clock;
    private final Instant startedAt;
    private final int beds;
    private final IntSupplier streamClients;
    private final BooleanSupplier storageHealthy;
    private final BooleanSupplier mqttConnected;
    private final IntSupplier alarmLogBacklog;

    public GatewayHealth(Clock clock, Instant startedAt, int beds, IntSupplier streamClients,
                         BooleanSupplier storageHealthy, BooleanSupplier mqttConnected, IntSupplier alarmLogBacklog) {
        this.clock = clock;
        this.startedAt = startedAt;
        this.beds = beds;
        this.streamClients = streamClients;
        this.storageHealthy = storageHealthy;
        this.mqttConnected = mqttConnected;
        this.alarmLogBacklog = alarmLogBacklog;
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
        return body;
    }
}
