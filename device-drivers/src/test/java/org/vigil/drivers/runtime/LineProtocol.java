package org.vigil.drivers.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * A tiny text protocol for exercising the runtime: the host says {@code HELLO} on connect, the
 * device sends lines such as {@code SPO2=97} or {@code PR=72}, and {@code START_BP} is echoed to
 * the device as a command.
 */
final class LineProtocol implements DeviceProtocol {

    static final Duration QUIET_TIME = Duration.ofSeconds(2);
    static final String HELLO = "HELLO";
    static final int LONGEST_LINE = 80;
    /** A line that makes the decoder throw, as a buggy decoder might. */
    static final String FAULT = "FAULT";

    private final Duration quietTime;

    LineProtocol() {
        this(QUIET_TIME);
    }

    LineProtocol(Duration quietTime) {
        this.quietTime = quietTime;
    }

    @Override
    public String name() {
        return "test-line";
    }

    @Override
    public LineSettings defaultLineSettings() {
        return LineSettings.B9600_8N1;
    }

    @Override
    public Duration maximumQuietTime() {
        return quietTime;
    }

    @Override
    public Duration tickInterval() {
        return Duration.ofMillis(50);
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return new Session(link, sink);
    }

    static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Session implements ProtocolSession {
        private final HostLink link;
        private final DecoderSink sink;

        Session(HostLink link, DecoderSink sink) {
            this.link = link;
            this.sink = sink;
        }

        @Override
        public void start(Instant now) {
            link.send(line(HELLO));
        }

        @Override
        public void received(ByteBuffer in, Instant now) {
            int lineStart = in.position();
            for (int i = in.position(); i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    byte[] bytes = new byte[i - lineStart];
                    in.get(lineStart, bytes);
                    decodeLine(new String(bytes, StandardCharsets.US_ASCII).trim(), bytes.length + 1);
                    lineStart = i + 1;
                    in.position(lineStart);
                } else if (i - lineStart >= LONGEST_LINE) {
                    sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, i - lineStart, "line too long"));
                    lineStart = i;
                    in.position(lineStart);
                }
            }
        }

        @Override
        public void message(String topic, ByteBuffer payload, Instant now) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            decodeLine(new String(bytes, StandardCharsets.US_ASCII).trim(), bytes.length);
        }

        @Override
        public boolean command(DeviceCommand command, Instant now) {
            if (command != DeviceCommand.START_BP) {
                return false;
            }
            link.send(line(command.name()));
            return true;
        }

        private void decodeLine(String text, int length) {
            if (text.equals(FAULT)) {
                throw new IllegalStateException("decoder fault");
            }
            int equals = text.indexOf('=');
            VitalSign vital = equals < 0 ? null : switch (text.substring(0, equals)) {
                case "SPO2" -> VitalSign.SPO2;
                case "PR" -> VitalSign.PULSE_RATE;
                default -> null;
            };
            if (vital == null) {
                sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, length, "not NAME=value: " + text));
                return;
            }
            try {
                sink.reading(vital, Double.parseDouble(text.substring(equals + 1)), Quality.VALID, null);
            } catch (NumberFormatException e) {
                sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, length, "not a number: " + text));
            }
        }
    }
}
