package org.vigil.drivers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.model.DeviceEvent.Kind.CONNECTED;
import static org.vigil.model.DeviceEvent.Kind.DATA_GARBLED;
import static org.vigil.model.DeviceEvent.Kind.DISCONNECTED;
import static org.vigil.model.DeviceEvent.Kind.SILENT;
import static org.vigil.model.DeviceEvent.Kind.STREAMING;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceStatus;

class DeviceLifecycleTest {

    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final InvalidFrame GARBAGE = new InvalidFrame(InvalidFrame.Cause.BAD_CHECKSUM, 7, "checksum");

    private final RecordingListener listener = new RecordingListener();
    private final DeviceLifecycle lifecycle = new DeviceLifecycle("bed-1", QUIET, listener);

    @Test
    void firstValidDataAfterConnectingMeansStreaming() {
        lifecycle.connected(T0, "tcp:x:1");
        lifecycle.validData(T0.plusMillis(200));
        lifecycle.validData(T0.plusMillis(400));

        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING);
        assertThat(listener.events.get(1).time()).isEqualTo(T0.plusMillis(200));
        assertThat(lifecycle.status()).isEqualTo(DeviceStatus.STREAMING);
    }

    @Test
    void silentExactlyOnceWhenValidDataStaysAwayForTheQuietTime() {
        lifecycle.connected(T0, "");
        lifecycle.validData(T0);

        assertThat(lifecycle.isQuiet(T0.plus(QUIET).minusMillis(1))).isFalse();
        assertThat(lifecycle.isQuiet(T0.plus(QUIET))).isTrue();
        assertThat(lifecycle.isQuiet(T0.plus(QUIET).plusSeconds(1))).isTrue();

        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING, SILENT);
        assertThat(listener.events(SILENT).get(0).time()).isEqualTo(T0.plus(QUIET));
    }

    @Test
    void aConnectedDeviceThatNeverSendsIsSilentAfterTheQuietTime() {
        lifecycle.connected(T0, "");

        assertThat(lifecycle.isQuiet(T0.plus(QUIET))).isTrue();
        assertThat(listener.kinds()).containsExactly(CONNECTED, SILENT);
    }

    @Test
    void reopeningASilentDeviceReportsNothingUntilItStreamsAgain() {
        lifecycle.connected(T0, "");
        lifecycle.isQuiet(T0.plus(QUIET));

        lifecycle.connected(T0.plusSeconds(6), "");
        lifecycle.isQuiet(T0.plusSeconds(12));
        lifecycle.connected(T0.plusSeconds(13), "");
        lifecycle.validData(T0.plusSeconds(14));

        assertThat(listener.kinds()).containsExactly(CONNECTED, SILENT, STREAMING);
    }

    @Test
    void disconnectedOncePerOutageHoweverManyRetriesFail() {
        lifecycle.connected(T0, "");
        lifecycle.disconnected(T0.plusSeconds(1), "connection reset");
        lifecycle.disconnected(T0.plusSeconds(2), "connection refused");
        lifecycle.disconnected(T0.plusSeconds(4), "connection refused");
        lifecycle.connected(T0.plusSeconds(8), "");

        assertThat(listener.kinds()).containsExactly(CONNECTED, DISCONNECTED, CONNECTED);
        assertThat(lifecycle.isQuiet(T0.plusSeconds(3))).as("no silence while disconnected").isFalse();
    }

    @Test
    void dataGarbledAfterMoreThanTheThresholdOfInvalidFramesWithinTheQuietTime() {
        lifecycle.connected(T0, "");
        for (int i = 0; i < DeviceLifecycle.GARBLED_THRESHOLD; i++) {
            lifecycle.invalidFrame(T0.plusMillis(100L * i), GARBAGE);
        }
        assertThat(listener.count(DATA_GARBLED)).isZero();

        lifecycle.invalidFrame(T0.plusSeconds(1), GARBAGE);
        lifecycle.invalidFrame(T0.plusSeconds(2), GARBAGE);

        assertThat(listener.events(DATA_GARBLED)).singleElement()
                .satisfies(event -> assertThat(event.active()).isTrue())
                .satisfies(event -> assertThat(event.detail()).contains("BAD_CHECKSUM"));
    }

    @Test
    void invalidFramesSpreadWiderThanTheQuietTimeAreNotABurst() {
        lifecycle.connected(T0, "");
        for (int i = 0; i < 10; i++) {
            lifecycle.invalidFrame(T0.plus(QUIET.dividedBy(3).multipliedBy(i)), GARBAGE);
        }

        assertThat(listener.count(DATA_GARBLED)).isZero();
    }

    @Test
    void validDataClearsDataGarbledAndResetsTheCount() {
        lifecycle.connected(T0, "");
        for (int i = 0; i <= DeviceLifecycle.GARBLED_THRESHOLD; i++) {
            lifecycle.invalidFrame(T0, GARBAGE);
        }
        lifecycle.validData(T0.plusMillis(10));
        for (int i = 0; i < DeviceLifecycle.GARBLED_THRESHOLD; i++) {
            lifecycle.invalidFrame(T0.plusMillis(20), GARBAGE);
        }

        assertThat(listener.events(DATA_GARBLED)).extracting(DeviceEvent::active).containsExactly(true, false);
    }
}
