package org.vigil.gateway.mqtt;

import com.google.common.util.concurrent.AbstractIdleService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ha.Fence;
import org.vigil.gateway.Json;
import org.vigil.gateway.alarms.AlarmPublisher;

/**
 * The gateway's own MQTT connection, for what it tells pagers and nurse-call bridges: the alarm
 * state of each bed and the gateway's liveness. {@value #STATUS_TOPIC} is retained {@code online}
 * while connected and becomes {@code offline} through the MQTT Last Will when the gateway dies
 * (MQTT 3.1.1 §3.1.2.5); {@value #HEARTBEAT_TOPIC} carries the gateway's time every
 * {@link #HEARTBEAT} so a bridge can tell a hung gateway from a quiet one. Retained messages are
 * kept and published again after every reconnect, so a broker restart loses no alarm state.
 */
public final class GatewayPublisher extends AbstractIdleService implements AlarmPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayPublisher.class);

    public static final String STATUS_TOPIC = "vigil/gateway/status";
    public static final String HEARTBEAT_TOPIC = "vigil/gateway/heartbeat";
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration FIRST_CONNECT_RETRY = Duration.ofSeconds(2);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    /** Told when the connection to the broker is lost and when it is back; never blocks. */
    public interface ConnectionWatch {
        void lost(String reason);

        void restored();
    }

    private final String brokerUrl;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final Clock clock;
    private final Map<String, byte[]> retained = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-mqtt-outputs");
        thread.setDaemon(true);
        return thread;
    });
    private final Fence fence;
    private volatile ConnectionWatch watch;
    private volatile boolean stopping;
    private MqttAsyncClient client;

    public GatewayPublisher(String brokerUrl, String clientId, String username, String password, Clock clock) {
        this(brokerUrl, clientId, username, password, clock, Fence.SINGLE_NODE);
    }

    /** A publisher that sends nothing while {@code fence} forbids output (the lease of an active/standby pair). */
    public GatewayPublisher(String brokerUrl, String clientId, String username, String password, Clock clock, Fence fence) {
        this.fence = fence;
        this.brokerUrl = brokerUrl;
        this.clientId = clientId;
        this.username = username;
        this.password = password == null ? null : password.toCharArray();
        this.clock = clock;
    }

    /** Set before the publisher starts. */
    public void watchConnection(ConnectionWatch watch) {
        this.watch = watch;
    }

    @Override
    protected void startUp() throws MqttException {
        client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        client.setCallback(new Callback());
        connect();
        timer.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2_000);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(10);
        options.setMaxInflight(1_000);
        options.setWill(STATUS_TOPIC, OFFLINE, 1, true);
        if (username != null) {
            options.setUserName(username);
            if (password != null) options.setPassword(password);
        }
        return options;
    }

    /** Paho reconnects by itself only after a first connection; until then this retries. */
    private void connect() {
        if (stopping) return;
        try {
            client.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    lost("cannot connect to " + brokerUrl + ": " + cause.getMessage());
                    retryConnect();
                }
            });
        } catch (MqttException e) {
            lost("cannot connect to " + brokerUrl + ": " + e.getMessage());
            retryConnect();
        }
    }

    private void retryConnect() {
        if (stopping) return;
        try {
            timer.schedule(this::connect, FIRST_CONNECT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("MQTT outputs stopped while waiting to connect");
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!fence.allowsOutput()) {
            done.completeExceptionally(new IllegalStateException("not published: this gateway no longer holds the lease"));
            return done;
        }
        if (retain) retained.put(topic, payload);
        MqttAsyncClient current = client;
        if (current == null || (retain && !current.isConnected())) {
            // Published with every other retained message when the connection is back.
            done.complete(null);
            return done;
        }
        try {
            current.publish(topic, payload, qos, retain, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.completeExceptionally(cause);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    public boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    private void heartbeat() {
        if (!isConnected()) return;
        try {
            publish(HEARTBEAT_TOPIC, Json.MAPPER.writeValueAsBytes(Map.of("time", clock.instant())), 0, false);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("Gateway heartbeat not published: {}", e.toString());
        }
    }

    private void lost(String reason) {
        ConnectionWatch current = watch;
        if (current == null || stopping) return;
        try {
            current.lost(reason);
        } catch (RuntimeException e) {
            LOG.warn("MQTT connection watch failed: {}", e.toString());
        }
    }

    private void restored() {
        ConnectionWatch current = watch;
        if (current == null) return;
        try {
            current.restored();
        } catch (RuntimeException e) {
            LOG.warn("MQTT connection watch failed: {}", e.toString());
        }
    }

    @Override
    protected void shutDown() {
        stopping = true;
        timer.shutdownNow();
        if (client == null) return;
        try {
            if (client.isConnected()) {
                client.publish(STATUS_TOPIC, OFFLINE, 1, true).waitForCompletion(2_000);
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            LOG.info("MQTT outputs closed without a clean disconnect: {}", e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("Closing the MQTT outputs client: {}", e.getMessage());
            }
        }
    }

    @Override
    protected String serviceName() {
        return "MQTT outputs";
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("MQTT outputs connected to {}{}", serverUri, reconnect ? " again" : "");
            if (!fence.allowsOutput()) {
                LOG.warn("MQTT outputs connected, but this gateway no longer holds the lease: nothing is published");
                return;
            }
            try {
                client.publish(STATUS_TOPIC, ONLINE, 1, true);
                for (Map.Entry<String, byte[]> message : retained.entrySet()) {
                    client.publish(message.getKey(), message.getValue(), 1, true);
                }
            } catch (MqttException e) {
                LOG.warn("Retained state not published after connecting: {}", e.getMessage());
            }
            restored();
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("MQTT outputs lost the broker at {}: {}", brokerUrl, String.valueOf(cause));
            lost("connection to the MQTT broker lost: " + (cause == null ? "closed" : cause.getMessage()));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
