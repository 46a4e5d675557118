package org.vigil.drivers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.model.DeviceEvent.Kind.CONNECTED;
import static org.vigil.model.DeviceEvent.Kind.DATA_GARBLED;
import static org.vigil.model.DeviceEvent.Kind.DISCONNECTED;
import static org.vigil.model.DeviceEvent.Kind.SILENT;
import static org.vigil.model.DeviceEvent.Kind.STREAMING;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceStatus;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class TcpDeviceDriverTest {

    private static final Backoff QUICK_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final Duration QUIET = LineProtocol.QUIET_TIME;
    /** Slack for a thread hop and one tick of the test protocol. */
    private static final Duration SLACK = Duration.ofMillis(500);

    private final RecordingListener listener = new RecordingListener();
    private final CountingMetrics metrics = new CountingMetrics();
    private DevicePeer peer;
    private DeviceDriver driver;

    @AfterEach
    void tearDown() throws IOException {
        if (driver != null) {
            driver.stop();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void negotiatesOnConnectAndDeliversReadingsStampedWithTheDevice() throws IOException {
        givenADeviceServer();
        Instant before = Instant.now();
        givenADriverFor(peer.port());

        peer.acceptHost();
        assertThat(peer.readLineFromHost()).isEqualTo(LineProtocol.HELLO);
        peer.send("SPO2=97", "PR=72");

        await("readings delivered").atMost(DevicePeer.WAIT).until(() -> listener.readings.size() == 2);
        Reading spo2 = listener.readings.get(0);
        assertThat(spo2.deviceId()).isEqualTo("bed-1");
        assertThat(spo2.vital()).isEqualTo(VitalSign.SPO2);
        assertThat(spo2.value()).isEqualTo(97.0);
        assertThat(spo2.unit()).isEqualTo("%");
        assertThat(spo2.receivedAt()).isAfterOrEqualTo(before);
        assertThat(listener.readings.get(1).vital()).isEqualTo(VitalSign.PULSE_RATE);
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING);
        assertThat(driver.status()).isEqualTo(DeviceStatus.STREAMING);
        assertThat(metrics.framesDecoded).hasValue(2);
    }

    @Test
    void forwardsCommandsToTheDeviceOnTheDriverThread() throws Exception {
        givenAStreamingDevice();

        boolean accepted = driver.command(DeviceCommand.START_BP).get(DevicePeer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        boolean refused = driver.command(DeviceCommand.ABORT_BP).get(DevicePeer.WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(accepted).isTrue();
        assertThat(refused).isFalse();
        assertThat(peer.readLineFromHost()).isEqualTo("START_BP");
    }

    @Test
    void reportsDisconnectedWhenThePeerHangsUpThenReconnectsAndStreamsAgain() throws IOException {
        givenAStreamingDevice();

        peer.hangUp();
        await("device reported disconnected").atMost(DevicePeer.WAIT).until(() -> listener.count(DISCONNECTED) == 1);
        peer.acceptHost();
        assertThat(peer.readLineFromHost()).isEqualTo(LineProtocol.HELLO);
        peer.send("SPO2=96");

        await("device streams again").atMost(DevicePeer.WAIT).until(() -> listener.values("bed-1").contains(96.0));
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING, DISCONNECTED, CONNECTED, STREAMING);
        assertThat(metrics.reconnects).hasValue(1);
    }

    @Test
    void reportsDisconnectedOnceWhileRetriesAreRefusedAndConnectsWhenTheServerReturns() throws IOException {
        int port = aFreePort();
        givenADriverFor(port);

        await("several refused retries").atMost(Duration.ofSeconds(3)).until(() -> metrics.reconnects.get() >= 4);
        assertThat(listener.kinds()).containsExactly(DISCONNECTED);
        peer = DevicePeer.listeningOn(port);
        peer.acceptHost();

        await("device reported connected").atMost(QUICK_BACKOFF.maximum().plus(SLACK)).until(() -> listener.count(CONNECTED) == 1);
        assertThat(listener.kinds()).containsExactly(DISCONNECTED, CONNECTED);
    }

    @Test
    void reportsSilentOnceWithinTheQuietTimeAndReopensTheConnectionToNegotiateAgain() throws IOException {
        givenAStreamingDevice();
        Instant lastData = listener.readings.get(listener.readings.size() - 1).receivedAt();

        await("device reported silent").atMost(QUIET.plus(SLACK)).until(() -> listener.count(SILENT) == 1);
        assertThat(listener.events(SILENT).get(0).time()).isBetween(lastData.plus(QUIET), lastData.plus(QUIET).plus(SLACK));
        assertThat(peer.readLineFromHost()).as("driver closed the silent connection").isNull();
        peer.acceptHost();
        assertThat(peer.readLineFromHost()).isEqualTo(LineProtocol.HELLO);
        peer.send("SPO2=95");

        await("device streams again").atMost(DevicePeer.WAIT).until(() -> listener.values("bed-1").contains(95.0));
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING, SILENT, STREAMING);
    }

    @Test
    void raisesDataGarbledOnABurstOfInvalidFramesAndClearsItWhenValidDataFlows() throws IOException {
        givenAStreamingDevice();

        for (int i = 0; i <= DeviceLifecycle.GARBLED_THRESHOLD; i++) {
            peer.send("#%&!" + i);
        }
        await("data garbled raised").atMost(DevicePeer.WAIT).until(() -> listener.count(DATA_GARBLED) == 1);
        peer.send("SPO2=94");

        await("data garbled cleared").atMost(DevicePeer.WAIT).until(() -> listener.count(DATA_GARBLED) == 2);
        var garbled = listener.events(DATA_GARBLED);
        assertThat(garbled).extracting(DeviceEvent::active).containsExactly(true, false);
        assertThat(listener.invalidFrames).hasSize(DeviceLifecycle.GARBLED_THRESHOLD + 1);
        assertThat(metrics.invalid(InvalidFrame.Cause.BAD_LAYOUT)).isEqualTo(DeviceLifecycle.GARBLED_THRESHOLD + 1);
    }

    @Test
    void discardsAFrameLongerThanTheReceiveBufferAndKeepsDecoding() throws IOException {
        givenADeviceServer();
        driver = DeviceDriver.builder("bed-1", new LineProtocol(Duration.ofSeconds(5)), new DeviceEndpoint.Tcp("127.0.0.1", peer.port()))
                .listener(listener).metrics(metrics).backoff(QUICK_BACKOFF).receiveBufferBytes(64).build();
        driver.start();
        peer.acceptHost();
        peer.readLineFromHost();

        peer.sendRaw("~".repeat(64).getBytes(StandardCharsets.US_ASCII));
        await("overflow reported").atMost(DevicePeer.WAIT).until(() -> metrics.invalid(InvalidFrame.Cause.TOO_LONG) == 1);
        peer.send("", "SPO2=93");

        await("decoding resumed").atMost(DevicePeer.WAIT).until(() -> listener.values("bed-1").contains(93.0));
        assertThat(listener.invalidFrames.get(0).discardedBytes()).isEqualTo(64);
    }

    @Test
    void aFailingDecoderCostsTheConnectionButNotTheDriver() throws IOException {
        givenAStreamingDevice();

        peer.send(LineProtocol.FAULT);
        await("device reported disconnected").atMost(DevicePeer.WAIT).until(() -> listener.count(DISCONNECTED) == 1);
        peer.acceptHost();
        assertThat(peer.readLineFromHost()).isEqualTo(LineProtocol.HELLO);
        peer.send("SPO2=92");

        await("device streams again").atMost(DevicePeer.WAIT).until(() -> listener.values("bed-1").contains(92.0));
        assertThat(listener.events(DISCONNECTED).get(0).detail()).contains("decoder fault");
    }

    @Test
    void stopEndsTheDriverWithinASecondAndClosesTheConnectionWithoutAnEvent() throws IOException {
        givenAStreamingDevice();
        long started = System.nanoTime();

        driver.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(peer.readLineFromHost()).isNull();
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING);
        assertThat(driver.command(DeviceCommand.START_BP)).isCompletedExceptionally();
    }

    private void givenADeviceServer() throws IOException {
        peer = DevicePeer.listening();
    }

    private void givenADriverFor(int port) {
        driver = DeviceDriver.builder("bed-1", new LineProtocol(), new DeviceEndpoint.Tcp("127.0.0.1", port))
                .listener(listener)
                .metrics(metrics)
                .backoff(QUICK_BACKOFF)
                .build();
        driver.start();
    }

    private void givenAStreamingDevice() throws IOException {
        givenADeviceServer();
        givenADriverFor(peer.port());
        peer.acceptHost();
        assertThat(peer.readLineFromHost()).isEqualTo(LineProtocol.HELLO);
        peer.send("SPO2=97");
        await("device streaming").atMost(DevicePeer.WAIT).until(() -> listener.count(STREAMING) == 1);
    }

    private static int aFreePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
