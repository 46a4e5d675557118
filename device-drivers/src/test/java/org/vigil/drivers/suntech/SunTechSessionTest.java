package org.vigil.drivers.suntech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.ProtocolSession;

class SunTechSessionTest {

    private static final String START_ADULT = "3A 20 A6";
    private static final String ABORT = "3A 79 01 00 4C";
    private static final String GET_CUFF_PRESSURE = "3A 79 05 00 48";
    private static final String GET_BP_DATA = "3A 79 03 00 4A";
    private static final String ACK = "3E 04 4F 6F";
    private static final String COMPLETE = "3E 04 4B 73";
    private static final String ABORTED = "3E 04 41 7D";
    private static final String RESULT_124_78 = "3E 18 7C 00 4E 00 00 00 00 00 00 00 00 00 00 00 48 00 5D 00 00 00 00 3B";
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final List<String> sent = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();
    private Instant now = T0;

    private ProtocolSession givenAConnectedModule(SunTechProtocol protocol) {
        ProtocolSession session = protocol.open(bytes -> sent.add(Hex.of(bytes)), sink);
        session.start(now);
        sent.clear();
        return session;
    }

    private ProtocolSession givenAMeasurementInProgress() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.onRequestOnly());
        session.command(DeviceCommand.START_BP, now);
        module(session, ACK);
        sent.clear();
        return session;
    }

    private void module(ProtocolSession session, String hex) {
        session.received(ByteBuffer.wrap(Hex.bytes(hex)), now);
    }

    private void advance(ProtocolSession session, Duration by) {
        now = now.plus(by);
        session.tick(now);
    }

    @Test
    void startBpSendsStartAdultMeasurement() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.onRequestOnly());

        boolean accepted = session.command(DeviceCommand.START_BP, now);

        assertThat(accepted).isTrue();
        assertThat(sent).containsExactly(START_ADULT);
    }

    @Test
    void whileMeasuringTheCuffPressureIsPolledOnceASecondAndReportedAsInflating() {
        ProtocolSession session = givenAMeasurementInProgress();

        advance(session, Duration.ofMillis(500));
        assertThat(sent).isEmpty();
        advance(session, Duration.ofMillis(500));
        assertThat(sent).containsExactly(GET_CUFF_PRESSURE);
        module(session, "3E 05 98 00 25");
        advance(session, Duration.ofSeconds(1));
        module(session, "3E 05 A0 00 1D");

        assertThat(sent).containsExactly(GET_CUFF_PRESSURE, GET_CUFF_PRESSURE);
        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg", "CUFF_INFLATING raised: cuff 160 mmHg");
    }

    @Test
    void everyValidReplyTellsTheRuntimeTheModuleIsAliveEvenWithoutAReading() {
        ProtocolSession session = givenAMeasurementInProgress();
        advance(session, Duration.ofSeconds(1));

        module(session, "3E 05 03 00 BA");

        assertThat(sink.readings).isEmpty();
        assertThat(sink.alive).isGreaterThan(0);
    }

    @Test
    void anAlmostEmptyCuffDoesNotCountAsInflating() {
        ProtocolSession session = givenAMeasurementInProgress();

        advance(session, Duration.ofSeconds(1));
        module(session, "3E 05 03 00 BA");

        assertThat(sink.conditions).isEmpty();
    }

    @Test
    void completeStatusEndsInflationFetchesTheResultAndReportsTheReadings() {
        ProtocolSession session = givenAMeasurementInProgress();
        advance(session, Duration.ofSeconds(1));
        module(session, "3E 05 98 00 25");
        sent.clear();

        module(session, COMPLETE);
        assertThat(sent).containsExactly(GET_BP_DATA);
        module(session, RESULT_124_78);

        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg", "CUFF_INFLATING cleared");
        assertThat(sink.readingLines()).containsExactly("BP_SYS 124.0", "BP_DIA 78.0", "BP_MEAN 93.0", "PULSE_RATE 72.0");
        assertThat(sink.readings).allMatch(r -> r.quality().isValid() && r.deviceTime() == null);
    }

    @Test
    void aLostResultRequestIsRepeated() {
        ProtocolSession session = givenAMeasurementInProgress();
        module(session, COMPLETE);

        advance(session, SunTechSession.REPLY_TIMEOUT);

        assertThat(sent).containsExactly(GET_BP_DATA, GET_BP_DATA);
    }

    @ParameterizedTest(name = "error code {1}: {2}")
    @CsvFileSource(resources = "/suntech/error-codes.csv", delimiter = '|', numLinesToSkip = 1)
    void aResultWithAnErrorCodeRaisesCuffErrorWithItsMeaningAndTheNextGoodMeasurementClearsIt(
            String frame, int code, String meaning) {
        ProtocolSession session = givenAMeasurementInProgress();
        module(session, COMPLETE);
        module(session, frame);
        assertThat(sink.readings).isEmpty();
        assertThat(sink.conditions).containsExactly("CUFF_ERROR raised: " + meaning);

        session.command(DeviceCommand.START_BP, now);
        module(session, ACK);
        module(session, COMPLETE);
        module(session, RESULT_124_78);

        assertThat(sink.conditions).containsExactly("CUFF_ERROR raised: " + meaning, "CUFF_ERROR cleared");
        assertThat(sink.readings).hasSize(4);
    }

    @Test
    void aMeasurementThatDoesNotCompleteInTimeRaisesCuffErrorAndIsAborted() {
        ProtocolSession session = givenAMeasurementInProgress();
        advance(session, Duration.ofSeconds(1));
        module(session, "3E 05 98 00 25");

        for (int second = 2; second < 150; second++) {
            advance(session, Duration.ofSeconds(1));
            module(session, "3E 05 98 00 25");
        }
        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg");
        sent.clear();
        advance(session, Duration.ofSeconds(1));

        assertThat(sent).containsExactly(ABORT);
        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg",
                "CUFF_INFLATING cleared", "CUFF_ERROR raised: measurement timed out");
    }

    @Test
    void abortBpSendsAbortAndClearsInflation() {
        ProtocolSession session = givenAMeasurementInProgress();
        advance(session, Duration.ofSeconds(1));
        module(session, "3E 05 98 00 25");
        sent.clear();

        boolean accepted = session.command(DeviceCommand.ABORT_BP, now);
        module(session, ABORTED);

        assertThat(accepted).isTrue();
        assertThat(sent).containsExactly(ABORT);
        assertThat(sink.conditions).containsExactly("CUFF_INFLATING raised: cuff 152 mmHg", "CUFF_INFLATING cleared");
    }

    @Test
    void aMeasurementAbortedByTheModuleRaisesCuffError() {
        ProtocolSession session = givenAMeasurementInProgress();

        module(session, ABORTED);

        assertThat(sink.conditions).containsExactly("CUFF_ERROR raised: measurement aborted by the module");
    }

    @Test
    void anIdleSessionPollsTheModuleEveryFewSecondsSoSilenceIsDetected() {
        ProtocolSession session = SunTechProtocol.onRequestOnly().open(bytes -> sent.add(Hex.of(bytes)), sink);
        session.start(now);
        assertThat(sent).containsExactly(GET_CUFF_PRESSURE);
        module(session, "3E 05 00 00 BD");

        advance(session, Duration.ofSeconds(4));
        assertThat(sent).hasSize(1);
        advance(session, Duration.ofSeconds(1));

        assertThat(sent).containsExactly(GET_CUFF_PRESSURE, GET_CUFF_PRESSURE);
        assertThat(sink.conditions).isEmpty();
        assertThat(new SunTechProtocol().maximumQuietTime())
                .isGreaterThan(SunTechSession.IDLE_POLL.plus(SunTechSession.REPLY_TIMEOUT));
    }

    @Test
    void aScheduledMeasurementStartsWhenItIsDue() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.every(Duration.ofMinutes(5)));
        module(session, "3E 05 00 00 BD");

        advance(session, Duration.ofMinutes(5).minusSeconds(1));
        assertThat(sent).doesNotContain(START_ADULT);
        advance(session, Duration.ofSeconds(1));

        assertThat(sent).endsWith(START_ADULT);
    }

    @Test
    void aMeasurementOnRequestPostponesTheNextScheduledOne() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.every(Duration.ofMinutes(5)));
        advance(session, Duration.ofMinutes(3));
        session.command(DeviceCommand.START_BP, now);
        module(session, ACK);
        module(session, COMPLETE);
        module(session, RESULT_124_78);
        sent.clear();

        advance(session, Duration.ofMinutes(3));
        assertThat(sent).doesNotContain(START_ADULT);
        advance(session, Duration.ofMinutes(2));

        assertThat(sent).endsWith(START_ADULT);
    }

    @Test
    void aModuleMeasuringOnRequestOnlyNeverStartsByItself() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.onRequestOnly());

        for (int minute = 0; minute < 60; minute++) {
            advance(session, Duration.ofMinutes(1));
            module(session, "3E 05 00 00 BD");
        }

        assertThat(sent).doesNotContain(START_ADULT);
    }

    @Test
    void anUnansweredStartIsRetriedAndABusyModuleIsFollowed() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.onRequestOnly());
        session.command(DeviceCommand.START_BP, now);

        advance(session, SunTechSession.REPLY_TIMEOUT);
        module(session, "3E 04 42 7C");
        advance(session, Duration.ofSeconds(1));

        assertThat(sent).containsExactly(START_ADULT, START_ADULT, GET_CUFF_PRESSURE);
    }

    @Test
    void theDefaultScheduleIsEveryFifteenMinutesAndShorterThanAMinuteIsRefused() {
        assertThat(new SunTechProtocol().interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(SunTechProtocol.onRequestOnly().interval()).isNull();
        assertThatThrownBy(() -> new SunTechProtocol(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
    }

    @Test
    void garbledRepliesAreReportedAndNeverBecomeReadings() {
        ProtocolSession session = givenAMeasurementInProgress();
        module(session, COMPLETE);

        module(session, "3E 18 41 01 50 00 00 00 00 00 00 00 00 00 00 00 48 00 5D 00 00 00 00 73");

        assertThat(sink.readings).isEmpty();
        assertThat(sink.invalidFrames).extracting(f -> f.cause().name()).containsExactly("OUT_OF_RANGE");
    }

    @Test
    void aSessionFedRandomBytesAndTicksNeverThrowsNorReportsAnImplausibleReading() {
        ProtocolSession session = givenAConnectedModule(SunTechProtocol.every(Duration.ofMinutes(1)));
        java.util.SplittableRandom random = new java.util.SplittableRandom(9600);
        String[] replies = {ACK, COMPLETE, ABORTED, RESULT_124_78, "3E 05 98 00 25", "3E 04 42 7C"};

        for (int step = 0; step < 200_000; step++) {
            byte[] bytes;
            if (random.nextInt(3) == 0) {
                bytes = Hex.bytes(replies[random.nextInt(replies.length)]);
            } else {
                bytes = new byte[random.nextInt(1, 12)];
                random.nextBytes(bytes);
            }
            if (random.nextInt(8) == 0) bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            session.received(ByteBuffer.wrap(bytes), now);
            if (random.nextInt(4) == 0) advance(session, Duration.ofMillis(250));
            if (random.nextInt(5000) == 0) session.command(DeviceCommand.START_BP, now);
        }

        assertThat(sink.readings).isNotEmpty().allMatch(r -> r.vital().isPlausible(r.value()) && r.value() > 0);
        assertThat(sink.invalidFrames).isNotEmpty();
        assertThat(sent).allMatch(frame -> frame.startsWith("3A"));
    }
}
