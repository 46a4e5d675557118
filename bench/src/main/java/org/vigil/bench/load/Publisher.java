package org.vigil.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The load generator's MQTT client: publishes {@code json} readings (docs/json-reading-format.md)
 * at QoS 1, as a bedside bridge would, with the send time in the reading's {@code time} field so
 * that the live-stream client can tell each reading's latency.
 */
final class Publisher implements AutoCloseable {

    static final int QOS = 1;
    /** Well under the 65,535 packet identifiers of MQTT 3.1.1 section 2.3.1, which Paho also needs for acks. */
    private static final int MAX_INFLIGHT = 10_000;

    private final MqttAsyncClient client;

    Publisher(String brokerUrl) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, "vigil-load-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(10_000);
    }

    static String topicOf(int bed) {
        return "load/bed-" + bed;
    }

    static byte[] reading(String vital, double value, String unit, Instant time) {
        return ("{\"vital\":\"" + vital + "\",\"value\":" + number(value) + ",\"unit\":\"" + unit
                + "\",\"time\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bloodPressure(double systolic, double diastolic, double mean, Instant time) {
        return ("{\"readings\":[" + entry("BP_SYS", systolic, time) + "," + entry("BP_DIA", diastolic, time) + ","
                + entry("BP_MEAN", mean, time) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String entry(String vital, double value, Instant time) {
        return "{\"vital\":\"" + vital + "\",\"value\":" + number(value) + ",\"unit\":\"mm[Hg]\",\"time\":\"" + time + "\"}";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Publishes, waiting while the client's in-flight window is full (at most 10 s per message). */
    void publish(String topic, byte[] payload) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                client.publish(topic, payload, QOS, false);
                return;
            } catch (MqttException e) {
                boolean windowFull = e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT
                        || e.getReasonCode() == MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE;
                if (!windowFull || System.nanoTime() > deadline) throw e;
                LockSupport.parkNanos(50_000);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect(2000).waitForCompletion(3000);
        } catch (MqttException e) {
            // the broker may already be gone
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing more to release
        }
    }

    /** Paho leaves Nagle's algorithm on; a monitor bridge sending small frames would turn it off. */
    private static final class NoDelaySocketFactory extends SocketFactory {
        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }
    }
}
