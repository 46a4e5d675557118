package org.vigil.gateway.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Bedside devices that publish Vigil JSON readings (docs/json-reading-format.md) to the broker, as
 * a bridge or a script does: each device sends its current values as one batch message per period,
 * with no {@code time}, so the gateway stamps each reading with its own receive time. The
 * client reconnects on its own after the broker goes away.
 */
final class WardPublisher implements AutoCloseable {

    /** Paho's reconnect delay starts at 1 s and doubles up to this. */
    private static final int MAX_RECONNECT_DELAY_MILLIS = 1000;
    private static final int QOS_AT_LEAST_ONCE = 1;
    private static final Map<String, String> UNITS = Map.of("SPO2", "%", "PULSE_RATE", "/min", "RESP_RATE", "/min",
            "PERFUSION_INDEX", "%", "TEMP", "Cel", "BP_SYS", "mm[Hg]", "BP_DIA", "mm[Hg]", "BP_MEAN", "mm[Hg]");

    private final MqttClient client;
    private boolean closed;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ward-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Device> devices = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private WardPublisher(MqttClient client) {
        this.client = client;
    }

    static WardPublisher connect(String brokerUrl, String clientId) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MILLIS);
        options.setConnectionTimeout(5);
        client.setTimeToWait(2000);
        client.connect(options);
        return new WardPublisher(client);
    }

    /** A device publishing on {@code topic} every {@code period} from now on; set its values to start. */
    Device device(String topic, Duration period) {
        Device device = new Device(topic);
        devices.add(device);
        scheduler.scheduleAtFixedRate(device::publish, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return device;
    }

    /** Messages the broker acknowledged. */
    long sent() {
        return sent.get();
    }

    /** Messages not sent, e.g. while the broker was away. */
    long failed() {
        return failed.get();
    }

    /** Stops every device; nothing is published after this returns. */
    void stopPublishing() throws InterruptedException {
        devices.forEach(Device::stop);
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Closes the client once; the test may close the ward itself and the cleanup after it. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) return;
        closed = true;
        stopPublishing();
        try {
            if (client.isConnected()) client.disconnect(1000);
        } finally {
            // Paho refuses to close while its automatic reconnect is connecting (REASON_CODE_CONNECT_IN_PROGRESS),
            // as it is when the broker went down with a killed gateway. Paho's close() drops the client's token
            // store, so a forced disconnect after it fails: hence close only once.
            try {
                if (!client.isConnected()) client.disconnectForcibly(0, 1000, false);
            } finally {
                client.close(true);
            }
        }
    }

    /** One device: the values it shows now, and optionally a blood-pressure measurement per message. */
    final class Device {
        private final String topic;
        private final Map<String, Double> values = new ConcurrentHashMap<>();
        private volatile double[] bloodPressure;
        private volatile boolean stopped;

        private Device(String topic) {
            this.topic = topic;
        }

        /** Shows {@code value} for {@code vital} (e.g. "SPO2") from the next message on. */
        Device set(String vital, double value) {
            if (!UNITS.containsKey(vital)) throw new IllegalArgumentException("no unit known for " + vital);
            values.put(vital, value);
            return this;
        }

        /** Each message also carries a completed NIBP measurement, time-stamped now: one NIBP Observation each. */
        Device measuringBloodPressure(double systolic, double diastolic, double mean) {
            bloodPressure = new double[] {systolic, diastolic, mean};
            return this;
        }

        void stop() {
            stopped = true;
        }

        private void publish() {
            if (stopped || (values.isEmpty() && bloodPressure == null)) return;
            List<String> readings = new ArrayList<>();
            values.forEach((vital, value) -> readings.add(reading(vital, value, null)));
            double[] bp = bloodPressure;
            if (bp != null) {
                Instant measured = Instant.now();
                readings.add(reading("BP_SYS", bp[0], measured));
                readings.add(reading("BP_DIA", bp[1], measured));
                readings.add(reading("BP_MEAN", bp[2], measured));
            }
            byte[] message = ("{\"readings\":[" + String.join(",", readings) + "]}").getBytes(StandardCharsets.UTF_8);
            try {
                client.publish(topic, message, QOS_AT_LEAST_ONCE, false);
                sent.incrementAndGet();
            } catch (MqttException e) {
                failed.incrementAndGet();
            }
        }
    }

    private static String reading(String vital, double value, Instant time) {
        return "{\"vital\":\"" + vital + "\",\"value\":" + value + ",\"unit\":\"" + UNITS.get(vital) + "\""
                + (time == null ? "" : ",\"time\":\"" + time + "\"") + "}";
    }
}
