package org.vigil.drivers.suntech;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * One conversation with a SunTech Advantage OEM module. The module only speaks when asked (apart from
 * the "measurement complete" status), so the session keeps one request outstanding at a time: it polls
 * the cuff pressure once a second while measuring and every few seconds while idle, which doubles as
 * the keep-alive that lets the gateway detect a silent module.
 */
final class SunTechSession implements ProtocolSession, SunTechDecoder.Listener {

    static final Duration PRESSURE_POLL = Duration.ofSeconds(1);
    static final Duration IDLE_POLL = Duration.ofSeconds(5);
    /** At 9600 baud the longest reply takes 25 ms; a reply later than this is lost. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
    /** A measurement takes 20-45 s; one still running after this is stuck. */
    static final Duration MEASUREMENT_LIMIT = Duration.ofSeconds(150);
    /** Cuff pressure from which the cuff counts as inflated. */
    static final int INFLATED_MMHG = 10;
    static final int START_ATTEMPTS = 3;

    private enum State { IDLE, STARTING, MEASURING, FETCHING, ABORTING }

    private final HostLink link;
    private final DecoderSink sink;
    private final Duration interval;
    private final SunTechDecoder decoder = new SunTechDecoder();

    private State state = State.IDLE;
    private Instant now;
    private Instant nextMeasurement;
    private Instant measurementStarted;
    private Instant lastRequestAt;
    private boolean awaitingReply;
    private int startAttempts;
    private boolean inflating;
    private int reportedPressure;
    private String cuffError;

    SunTechSession(HostLink link, DecoderSink sink, Duration interval) {
        this.link = link;
        this.sink = sink;
        this.interval = interval;
    }

    @Override
    public void start(Instant now) {
        this.now = now;
        scheduleNext(now);
        send(SunTechCommand.GET_CUFF_PRESSURE);
    }

    @Override
    public void received(ByteBuffer in, Instant now) {
        this.now = now;
        decoder.decode(in, this);
    }

    @Override
    public void tick(Instant now) {
        this.now = now;
        if (nextMeasurement == null) scheduleNext(now);
        if (awaitingReply && elapsed(lastRequestAt, REPLY_TIMEOUT)) awaitingReply = false;
        if (state != State.IDLE && state != State.ABORTING && elapsed(measurementStarted, MEASUREMENT_LIMIT)) {
            timedOut();
            return;
        }
        switch (state) {
            case IDLE -> {
                if (isDue()) {
                    begin();
                } else if (!awaitingReply && elapsed(lastRequestAt, IDLE_POLL)) {
                    send(SunTechCommand.GET_CUFF_PRESSURE);
                }
            }
            case STARTING -> {
                if (awaitingReply) return;
                if (startAttempts < START_ATTEMPTS) {
                    startAttempts++;
                    send(SunTechCommand.START_ADULT);
                } else {
                    state = State.MEASURING;
                }
            }
            case MEASURING -> {
                if (!awaitingReply && elapsed(lastRequestAt, PRESSURE_POLL)) send(SunTechCommand.GET_CUFF_PRESSURE);
            }
            case FETCHING -> {
                if (!awaitingReply) send(SunTechCommand.GET_BP_DATA);
            }
            case ABORTING -> {
                if (!awaitingReply) state = State.IDLE;
            }
        }
    }

    @Override
    public boolean command(DeviceCommand command, Instant now) {
        this.now = now;
        switch (command) {
            case START_BP -> {
                if (state == State.IDLE || state == State.ABORTING) begin();
                return true;
            }
            case ABORT_BP -> {
                endInflation();
                state = State.ABORTING;
                send(SunTechCommand.ABORT);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void reply(SunTechReply reply) {
        awaitingReply = false;
        sink.alive();
        if (reply instanceof SunTechReply.Status status) {
            onStatus(status.code());
        } else if (reply instanceof SunTechReply.CuffPressure pressure) {
            onCuffPressure(pressure.mmHg());
        } else if (reply instanceof SunTechReply.Result result) {
            onResult(result);
        }
    }

    @Override
    public void invalidFrame(InvalidFrame frame) {
        sink.invalidFrame(frame);
    }

    private void onStatus(char code) {
        switch (code) {
            case SunTechReply.Status.ACK -> {
                if (state == State.STARTING) state = State.MEASURING;
                else if (state == State.ABORTING) state = State.IDLE;
            }
            // busy: a measurement is already running, follow it
            case SunTechReply.Status.BUSY -> {
                if (state == State.STARTING) state = State.MEASURING;
            }
            case SunTechReply.Status.COMPLETE -> {
                if (state == State.FETCHING) return;
                endInflation();
                if (measurementStarted == null || state == State.IDLE || state == State.ABORTING) {
                    measurementStarted = now;
                }
                state = State.FETCHING;
                send(SunTechCommand.GET_BP_DATA);
            }
            case SunTechReply.Status.ABORTED -> {
                endInflation();
                if (state != State.IDLE && state != State.ABORTING) raiseCuffError("measurement aborted by the module");
                state = State.IDLE;
            }
            default -> {
            }
        }
    }

    private void onCuffPressure(int mmHg) {
        if (state == State.STARTING && mmHg >= INFLATED_MMHG) state = State.MEASURING;
        if (state != State.MEASURING || mmHg < INFLATED_MMHG) return;
        if (!inflating || mmHg != reportedPressure) {
            inflating = true;
            reportedPressure = mmHg;
            sink.condition(DeviceEvent.Kind.CUFF_INFLATING, true, "cuff " + mmHg + " mmHg");
        }
    }

    private void onResult(SunTechReply.Result result) {
        endInflation();
        state = State.IDLE;
        measurementStarted = null;
        if (!result.succeeded()) {
            raiseCuffError(SunTechErrorCode.meaning(result.errorCode()));
            return;
        }
        if (cuffError != null) {
            cuffError = null;
            sink.condition(DeviceEvent.Kind.CUFF_ERROR, false, "");
        }
        sink.reading(VitalSign.BP_SYS, result.systolic(), Quality.VALID, null);
        sink.reading(VitalSign.BP_DIA, result.diastolic(), Quality.VALID, null);
        sink.reading(VitalSign.BP_MEAN, result.mean(), Quality.VALID, null);
        // NIBP pulse (MDC 149546, VitalSign.MDC_PULS_RATE_NON_INV); 0 means the module found none
        if (result.heartRate() > 0) sink.reading(VitalSign.PULSE_RATE, result.heartRate(), Quality.VALID, null);
    }

    private void begin() {
        scheduleNext(now);
        measurementStarted = now;
        startAttempts = 1;
        state = State.STARTING;
        send(SunTechCommand.START_ADULT);
    }

    private void timedOut() {
        endInflation();
        raiseCuffError("measurement timed out");
        measurementStarted = null;
        state = State.ABORTING;
        send(SunTechCommand.ABORT);
    }

    private void raiseCuffError(String detail) {
        if (detail.equals(cuffError)) return;
        cuffError = detail;
        sink.condition(DeviceEvent.Kind.CUFF_ERROR, true, detail);
    }

    private void endInflation() {
        if (!inflating) return;
        inflating = false;
        sink.condition(DeviceEvent.Kind.CUFF_INFLATING, false, "");
    }

    private void scheduleNext(Instant from) {
        if (interval != null) nextMeasurement = from.plus(interval);
    }

    private boolean isDue() {
        return nextMeasurement != null && !now.isBefore(nextMeasurement);
    }

    private boolean elapsed(Instant since, Duration bound) {
        return since == null || Duration.between(since, now).compareTo(bound) >= 0;
    }

    private void send(SunTechCommand command) {
        link.send(command.bytes());
        awaitingReply = true;
        lastRequestAt = now;
    }
}
