package org.vigil.drivers.runtime;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.DeviceStatus;

/**
 * The gateway's MQTT connection for device data, shared by every device that publishes to the broker.
 *
 * <p>QoS 1 on a persistent session ({@code cleanSession=false}) so the broker keeps messages
 * published while the gateway is away; Paho reconnects on its own after the first successful
 * connect, and the hub retries that first connect with backoff. Each device's topic filter is
 * subscribed again on every connect, in case the broker lost the session.
 *
 * <p>Paho's callback thread only stamps the receive time and queues the message: each device's
 * session runs on a {@link DeviceTaskQueue} over a small shared pool, which keeps that device's
 * messages in order. A scheduler ticks the sessions and watches for silence. A device's message
 * waits for the {@link IntakeGate} before it is decoded, and once the device queues are behind the
 * callback thread waits before it takes the next message, so the broker holds the excess instead
 * of the gateway dropping it.
 *
 * <p>Events per device: {@code CONNECTED} once the broker has granted its subscription,
 * {@code STREAMING} on the first valid message, {@code SILENT} once after the maximum quiet time
 * without valid data (the broker connection stays up; {@code STREAMING} follows when data
 * resumes), {@code DISCONNECTED} when the broker connection fails or is lost. A deliberate
 * {@link #close()} reports nothing.
 */
public final class MqttDeviceHub implements AutoCloseable {


    private static final Logger log = LoggerFactory.getLogger(MqttDeviceHub.class);
    private static final int QOS_AT_LEAST_ONCE = 1;
    /** SUBACK return code for a refused subscription, MQTT 3.1.1 section 3.9.3. */
    private static final int SUBSCRIPTION_REFUSED = 0x80;
    private static final int QUEUED_MESSAGES_PER_DEVICE = 10_000;
    /** Messages queued for all devices together before the callback thread waits for them to drain. */
    private static final int BACKLOG_LIMIT = 5_000;
    private static final Duration BACKLOG_POLL = Duration.ofMillis(1);
    private static final int WORKER_THREADS = 2;
    /** Longest interval between session ticks and silence checks; shorter if a protocol asks. */
    private static final Duration TICK = Duration.ofMillis(250);
    /**
     * Ceiling of Paho's automatic reconnect delay, which starts at 1 s and doubles: low, because
     * every second without the broker is a second without the beds' readings.
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final MqttHubSettings settings;
    private final DriverListener listener;
    private final DriverMetrics metrics;
    private final Clock clock;
    private final List<Device> devices = new CopyOnWriteArrayList<>();
    /** Devices by exact topic, so that routing a message costs one lookup however many beds there are. */
    private final Map<String, List<Device>> byExactTopic = new ConcurrentHashMap<>();
    /** Devices whose filter has a wildcard: few, and matched one by one. */
    private final List<Device> byWildcard = new CopyOnWriteArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final MqttAsyncClient client;
    private final AtomicInteger firstConnectFailures = new AtomicInteger();
    private final IntakeGate intake;
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private volatile boolean running;

    public MqttDeviceHub(MqttHubSettings settings, DriverListener listener, DriverMetrics metrics, Clock clock) {
        this(settings, listener, metrics, clock, IntakeGate.OPEN);
    }

    /** @param intake consulted before each message is taken in, so that storage can slow the intake */
    public MqttDeviceHub(MqttHubSettings settings, DriverListener listener, DriverMetrics metrics, Clock clock,
                         IntakeGate intake) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = GuardedListener.guard(Objects.requireNonNull(listener, "listener"));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workers = Executors.newFixedThreadPool(WORKER_THREADS, threads("mqtt-device-"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("mqtt-hub-"));
        try {
            this.client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), persistence(settings));
        } catch (MqttException e) {
            workers.shutdownNow();
            scheduler.shutdownNow();
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.brokerUrl() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    public MqttDeviceHub(MqttHubSettings settings, DriverListener listener) {
        this(settings, listener, DriverMetrics.NONE, Clock.systemUTC());
    }

    /**
     * Adds a device whose messages arrive on {@code endpoint}'s topic filter (wildcards allowed).
     * Filters of different devices should not overlap: a broker may deliver a message once per
     * matching subscription (MQTT 3.1.1 section 3.3.5), and every matching device gets each copy.
     *
     * @param maximumQuietTime overrides the protocol's, or {@code null}
     */
    public void register(String deviceId, DeviceProtocol protocol, DeviceEndpoint.Mqtt endpoint, Duration maximumQuietTime) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(protocol, "protocol");
        MqttTopic.validate(endpoint.topic(), true);
        if (devices.stream().anyMatch(device -> device.deviceId.equals(deviceId))) {
            throw new IllegalArgumentException("device " + deviceId + " is already registered");
        }
        Device device = new Device(deviceId, protocol, endpoint.topic(),
                maximumQuietTime != null ? maximumQuietTime : protocol.maximumQuietTime());
        devices.add(device);
        if (endpoint.topic().contains("+") || endpoint.topic().contains("#")) {
            byWildcard.add(device);
        } else {
            byExactTopic.computeIfAbsent(endpoint.topic(), topic -> new CopyOnWriteArrayList<>()).add(device);
        }
        if (client.isConnected()) {
            subscribe(List.of(device));
        }
    }

    /** Connects in the background; devices report {@code CONNECTED} once subscribed. */
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("MQTT hub already started");
        }
        running = true;
        long tickMillis = devices.stream().map(device -> device.protocol.tickInterval()).reduce(TICK, (a, b) -> a.compareTo(b) <= 0 ? a : b)
                .toMillis();
        tickMillis = Math.max(tickMillis, 20);
        scheduler.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        connect();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public DeviceStatus status(String deviceId) {
        return device(deviceId).lifecycle.status();
    }

    /** Hands a command to the device's session on its own queue. */
    public CompletableFuture<Boolean> command(String deviceId, DeviceCommand command) {
        Device device = device(deviceId);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        boolean queued = device.queue.offer(() -> {
            try {
                result.complete(device.command(command, clock.instant()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("device " + deviceId + " is not accepting work"));
        }
        return result;
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(1000);
            } else {
                client.disconnectForcibly(0, 500, false);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect from {} on close: {}", settings.brokerUrl(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("closing the MQTT client for {} failed: {}", settings.brokerUrl(), e.getMessage());
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) MAX_RECONNECT_DELAY.toMillis());
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    firstConnectFailures.set(0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    firstConnectFailed(cause);
                }
            });
        } catch (MqttException e) {
            firstConnectFailed(e);
        }
    }

    private void firstConnectFailed(Throwable cause) {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        String detail = "cannot connect to MQTT broker " + settings.brokerUrl() + ": " + describe(cause);
        devices.forEach(device -> device.queue.offer(() -> device.disconnected(now, detail)));
        Duration delay = settings.firstConnectBackoff().delayAfter(firstConnectFailures.incrementAndGet());
        try {
            scheduler.schedule(() -> {
                devices.forEach(device -> metrics.reconnect(device.deviceId));
                connect();
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("MQTT hub closed while waiting to connect");
        }
    }

    private void subscribe(List<Device> toSubscribe) {
        String[] filters = toSubscribe.stream().map(device -> device.topicFilter).toArray(String[]::new);
        int[] qos = new int[filters.length];
        Arrays.fill(qos, QOS_AT_LEAST_ONCE);
        try {
            client.subscribe(filters, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribed(toSubscribe, token.getGrantedQos());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    log.error("MQTT subscription to {} failed: {}", List.of(filters), describe(cause));
                }
            });
        } catch (MqttException e) {
            log.error("MQTT subscription to {} failed: {}", List.of(filters), describe(e));
        }
    }

    private void subscribed(List<Device> subscribed, int[] grantedQos) {
        Instant now = clock.instant();
        for (int i = 0; i < subscribed.size(); i++) {
            Device device = subscribed.get(i);
            boolean refused = grantedQos != null && i < grantedQos.length && grantedQos[i] == SUBSCRIPTION_REFUSED;
            if (refused) {
                device.queue.offer(() -> device.disconnected(now, "broker refused the subscription to " + device.topicFilter));
            } else {
                device.queue.offer(() -> device.connected(now, "mqtt:" + device.topicFilter));
            }
        }
    }

    private void tick() {
        Instant now = clock.instant();
        for (Device device : devices) {
            if (device.tickPending.compareAndSet(false, true)) {
                device.queue.offer(() -> {
                    device.tickPending.set(false);
                    device.tick(now);
                });
            }
        }
    }

    private Device device(String deviceId) {
        return devices.stream().filter(device -> device.deviceId.equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no MQTT device " + deviceId));
    }

    private static MqttClientPersistence persistence(MqttHubSettings settings) {
        return settings.persistenceDirectory() == null
                ? new MemoryPersistence()
                : new MqttDefaultFilePersistence(settings.persistenceDirectory().toString());
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            log.info("connected to MQTT broker {}{}", serverUri, reconnect ? " again" : "");
            if (reconnect) {
                devices.forEach(device -> metrics.reconnect(device.deviceId));
            }
            if (!devices.isEmpty()) {
                subscribe(List.copyOf(devices));
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            Instant now = clock.instant();
            String detail = "connection to MQTT broker " + settings.brokerUrl() + " lost: " + describe(cause);
            log.warn(detail);
            devices.forEach(device -> device.queue.offer(() -> device.disconnected(now, detail)));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (!running) {
                return;
            }
            awaitRoom();
            Instant now = clock.instant();
            byte[] payload = message.getPayload();
            for (Device device : byExactTopic.getOrDefault(topic, List.of())) {
                deliver(device, topic, payload, now);
            }
            for (Device device : byWildcard) {
                if (MqttTopic.isMatched(device.topicFilter, topic)) {
                    deliver(device, topic, payload, now);
                }
            }
        }

        /**
         * Holds the callback thread while the device queues are {@link #BACKLOG_LIMIT} messages
         * behind: they drain unless the {@link IntakeGate} holds them, so the wait ends either way.
         */
        private void awaitRoom() {
            while (running && queuedMessages.get() >= BACKLOG_LIMIT) {
                LockSupport.parkNanos(BACKLOG_POLL.toNanos());
            }
        }

        private void deliver(Device device, String topic, byte[] payload, Instant now) {
            queuedMessages.incrementAndGet();
            boolean queued = device.queue.offer(() -> {
                try {
                    device.message(topic, payload, now);
                } finally {
                    queuedMessages.decrementAndGet();
                }
            });
            if (!queued) {
                queuedMessages.decrementAndGet();
                metrics.invalidFrame(device.protocol.name(), InvalidFrame.Cause.UNEXPECTED_BYTES, payload.length);
                log.warn("device {} is {} messages behind; dropped one", device.deviceId, QUEUED_MESSAGES_PER_DEVICE);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** One MQTT device: its lifecycle and its session, touched only from its own queue. */
    private final class Device {
        final String deviceId;
        final DeviceProtocol protocol;
        final String topicFilter;
        final DeviceLifecycle lifecycle;
        final DeviceSink sink;
        final DeviceTaskQueue queue;
        final AtomicBoolean tickPending = new AtomicBoolean();
        private ProtocolSession session;
        private boolean hostBytesDropped;

        Device(String deviceId, DeviceProtocol protocol, String topicFilter, Duration maximumQuietTime) {
            this.deviceId = deviceId;
            this.protocol = protocol;
            this.topicFilter = topicFilter;
            this.lifecycle = new DeviceLifecycle(deviceId, maximumQuietTime, listener);
            this.sink = new DeviceSink(deviceId, protocol.name(), listener, metrics, lifecycle);
            this.queue = new DeviceTaskQueue(deviceId, workers, QUEUED_MESSAGES_PER_DEVICE);
        }

        void connected(Instant now, String detail) {
            if (session == null) {
                lifecycle.connected(now, detail);
                session = protocol.open(this::hostBytes, sink.at(now));
                session.start(now);
            }
        }

        void disconnected(Instant now, String detail) {
            session = null;
            lifecycle.disconnected(now, detail);
        }

        void message(String topic, byte[] payload, Instant now) {
            intake.awaitRoom();
            connected(now, "mqtt:" + topicFilter);
            sink.at(now);
            session.message(topic, ByteBuffer.wrap(payload), now);
        }

        void tick(Instant now) {
            if (session != null) {
                sink.at(now);
                session.tick(now);
                lifecycle.isQuiet(now);
            }
        }

        boolean command(DeviceCommand command, Instant now) {
            if (session == null) {
                throw new IllegalStateException("device " + deviceId + " is not connected");
            }
            return session.command(command, now);
        }

        /** MQTT devices publish on their own; there is no topic back to them. */
        private void hostBytes(byte[] bytes) {
            if (!hostBytesDropped) {
                hostBytesDropped = true;
                log.warn("protocol {} sent host bytes to MQTT device {}; MQTT devices take none, dropped",
                        protocol.name(), deviceId);
            }
        }
    }
}
