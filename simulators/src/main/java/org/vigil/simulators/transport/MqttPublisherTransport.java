package org.vigil.simulators.transport;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device that publishes to an MQTT broker, as a BLE-to-MQTT bridge or a networked monitor does:
 * one QoS 1 message per write, to one topic. It connects in the background and reconnects with
 * backoff whenever the broker goes away; messages written while disconnected are lost, as they would
 * be on the real device. A pulled cable disconnects from the broker. Host bytes are not carried.
 */
public final class MqttPublisherTransport implements Transport {

    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final int QOS = 1;
    private static final int MAX_IN_FLIGHT = 1000;
    private static final Logger log = LoggerFactory.getLogger(MqttPublisherTransport.class);

    private final String serverUri;
    private final String topic;
    private final String username;
    private final char[] password;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService reconnects;
    private boolean cableConnected = true;
    private boolean connecting;
    private boolean closed;
    private Duration retry = FIRST_RETRY;
    private long published;
    private long dropped;

    public MqttPublisherTransport(String serverUri, String topic) {
        this(serverUri, topic, randomClientId());
    }

    /** A device with a client id of its own that signs in as {@code username} ({@code null}: anonymously). */
    public static MqttPublisherTransport signedIn(String serverUri, String topic, String username, String password) {
        return new MqttPublisherTransport(serverUri, topic, randomClientId(), username, password);
    }

    private static String randomClientId() {
        return "vigil-sim-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public MqttPublisherTransport(String serverUri, String topic, String clientId) {
        this(serverUri, topic, clientId, null, null);
    }

    /**
     * @param username the MQTT user name the device presents, {@code null} for none
     * @param password its password, {@code null} for none
     */
    public MqttPublisherTransport(String serverUri, String topic, String clientId, String username, String password) {
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("publish topic must be a plain topic name, got '" + topic + "'");
        }
        this.serverUri = serverUri;
        this.topic = topic;
        this.username = username;
        this.password = password == null ? null : password.toCharArray();
        try {
            this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad MQTT server URI '" + serverUri + "': " + e.getMessage(), e);
        }
        this.reconnects = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mqtt-device-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                log.info("lost broker {}: {}", serverUri, cause == null ? "closed" : cause.getMessage());
                scheduleConnect();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    @Override
    public void open(Consumer<byte[]> hostBytes) {
        connect();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Messages handed to the client so far. */
    public synchronized long published() {
        return published;
    }

    /** Messages lost because the broker was not reachable. */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public void write(byte[] bytes) {
        publish(topic, bytes);
    }

    /** Publishes on {@code topic/subTopic}, as a BLE bridge publishes each characteristic under its UUID. */
    @Override
    public void write(String subTopic, byte[] bytes) {
        publish(topic + "/" + subTopic, bytes);
    }

    private void publish(String destination, byte[] bytes) {
        synchronized (this) {
            if (!cableConnected || closed || !client.isConnected()) {
                dropped++;
                return;
            }
        }
        try {
            client.publish(destination, bytes, QOS, false);
            synchronized (this) {
                published++;
            }
        } catch (MqttException e) {
            synchronized (this) {
                dropped++;
            }
            log.debug("publish to {} failed: {}", destination, e.getMessage());
        }
    }

    @Override
    public void setCableConnected(boolean connected) {
        synchronized (this) {
            if (connected == cableConnected || closed) {
                return;
            }
            cableConnected = connected;
        }
        if (connected) {
            log.info("cable plugged back in; connecting to {}", serverUri);
            connect();
        } else {
            log.info("cable pulled; disconnecting from {}", serverUri);
            disconnect();
        }
    }

    @Override
    public synchronized boolean isCableConnected() {
        return cableConnected;
    }

    @Override
    public String describe() {
        return serverUri + " topic " + topic;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        reconnects.shutdownNow();
        disconnect();
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("closing MQTT client: {}", e.getMessage());
        }
    }

    private void connect() {
        synchronized (this) {
            if (closed || !cableConnected || connecting || client.isConnected()) {
                return;
            }
            connecting = true;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(10);
        options.setMaxInflight(MAX_IN_FLIGHT);
        if (username != null) options.setUserName(username);
        if (password != null) options.setPassword(password);
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    synchronized (MqttPublisherTransport.this) {
                        connecting = false;
                        retry = FIRST_RETRY;
                    }
                    log.info("connected to {}; publishing to {}", serverUri, topic);
                    if (!isCableConnected()) {
                        disconnect();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    synchronized (MqttPublisherTransport.this) {
                        connecting = false;
                    }
                    log.debug("cannot connect to {}: {}", serverUri, cause == null ? "" : cause.getMessage());
                    scheduleConnect();
                }
            });
        } catch (MqttException e) {
            synchronized (this) {
                connecting = false;
            }
            log.debug("connect to {} refused: {}", serverUri, e.getMessage());
            scheduleConnect();
        }
    }

    private void scheduleConnect() {
        Duration delay;
        synchronized (this) {
            if (closed || !cableConnected) {
                return;
            }
            delay = retry;
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
        try {
            reconnects.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            log.debug("not reconnecting: transport closed");
        }
    }

    private void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(500);
            }
        } catch (MqttException e) {
            log.debug("disconnect from {}: {}", serverUri, e.getMessage());
        }
    }
}
