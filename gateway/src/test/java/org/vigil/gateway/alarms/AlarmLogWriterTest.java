package org.vigil.gateway.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.RuleChange;

class AlarmLogWriterTest {

    /** Enough for the writer's longest retry wait, twice. */
    private static final Duration WRITTEN = AlarmLogWriter.LAST_RETRY.multipliedBy(2).plusSeconds(1);

    private final SwitchableLog log = new SwitchableLog();
    private final List<String> health = new CopyOnWriteArrayList<>();
    private final AlarmLogWriter writer = new AlarmLogWriter(log);

    @AfterEach
    void stop() throws Exception {
        writer.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }

    @Test
    void changesWaitWhileTheLogIsDownAndAreWrittenInOrderWhenItIsBack() throws Exception {
        givenAStartedWriter();
        log.down = true;

        writer.write(change("bed-1/spo2-low/1", "RAISED"));
        writer.write(change("bed-1/spo2-low/1", "ACKNOWLEDGED"));
        await("failure reported").atMost(WRITTEN).until(() -> health.contains("failing"));
        assertThat(log.written).isEmpty();
        assertThat(writer.backlog()).isEqualTo(2);

        log.down = false;
        await("backlog written").atMost(WRITTEN).until(() -> log.written.size() == 2);
        assertThat(log.written).extracting(AlarmView::transition).containsExactly("RAISED", "ACKNOWLEDGED");
        assertThat(health).containsExactly("failing", "writing");
    }

    @Test
    void aStopWritesEverythingStillQueued() throws Exception {
        givenAStartedWriter();
        for (int i = 0; i < 100; i++) writer.write(change("bed-1/spo2-low/" + i, "RAISED"));

        writer.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

        assertThat(log.written).hasSize(100);
    }

    @Test
    void aHealthListenerThatThrowsDoesNotStopTheWriter() throws Exception {
        writer.reportTo(new AlarmLogWriter.Health() {
            @Override
            public void failing(RuntimeException cause) {
                throw new IllegalStateException("listener broken");
            }

            @Override
            public void writing() {
                throw new IllegalStateException("listener broken");
            }
        });
        writer.startAsync().awaitRunning(5, TimeUnit.SECONDS);
        log.down = true;
        writer.write(change("bed-1/spo2-low/1", "RAISED"));
        await("first attempt").atMost(WRITTEN).until(() -> log.attempts > 0);

        log.down = false;

        await("written").atMost(WRITTEN).until(() -> log.written.size() == 1);
        assertThat(writer.isRunning()).isTrue();
    }

    private void givenAStartedWriter() throws Exception {
        writer.reportTo(new AlarmLogWriter.Health() {
            @Override
            public void failing(RuntimeException cause) {
                health.add("failing");
            }

            @Override
            public void writing() {
                health.add("writing");
            }
        });
        writer.startAsync().awaitRunning(5, TimeUnit.SECONDS);
    }

    private static AlarmView change(String id, String transition) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new AlarmView(id, "bed-1", "spo2-low", "PHYSIOLOGICAL", "HIGH", "ACTIVE", 84.0, 88.0, "SpO2 84 < 88",
                at, at, null, false, true, transition, null);
    }

    /** An alarm log whose database can be taken away and given back. */
    private static final class SwitchableLog implements AlarmLog {
        volatile boolean down;
        volatile int attempts;
        final List<AlarmView> written = new CopyOnWriteArrayList<>();

        @Override
        public void record(AlarmView change) {
            attempts++;
            if (down) throw new IllegalStateException("database unreachable");
            written.add(change);
        }

        @Override
        public void recordRuleChange(RuleChange change) {
        }

        @Override
        public void audit(String user, String action, String bedId, String details) {
        }

        @Override
        public List<AlarmView> unended() {
            return new ArrayList<>();
        }

        @Override
        public List<AlarmView> history(String bedId, Instant since, int limit) {
            return List.copyOf(written);
        }
    }
}
