package org.vigil.drivers.masimo;

import org.vigil.drivers.decoding.ConditionState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.FrameDecoder;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent.Kind;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * Decodes the Masimo "ASCII 1" serial output (docs/wire-formats.md §1): one line per second,
 * {@code MM/DD/YY HH:MM:SS KEY=VALUE ...} ended by CR LF.
 *
 * <p>The device's own ALARM bits (its SpO2/PR limits, silence state) are not turned into events:
 * the gateway runs its own alarms on the readings. Only ALARM 0040 (low battery) is a technical
 * condition and is reported.
 */
public final class MasimoDecoder implements FrameDecoder {

    /** Longest line accepted; a full Radical-7 line is about 130 characters. */
    static final int MAX_LINE = 256;
    /** A device clock further off than this is mis-set; the receive time is then the better time. */
    static final Duration DEVICE_CLOCK_TOLERANCE = Duration.ofMinutes(10);

    private static final int ALARM_LOW_BATTERY = 0x0040;
    private static final double MALFORMED = Double.NEGATIVE_INFINITY;
    /** How every line starts; the layout {@link #hasShape} checks, N a digit. */
    private static final String TIMESTAMP = "NN/NN/NN NN:NN:NN";
    private static final Kind[] EXC_CONDITIONS = {Kind.SENSOR_OFF, Kind.SIGNAL_POOR, Kind.DEVICE_FAULT};

    private final ZoneId deviceZone;
    private final ConditionState conditions = new ConditionState();
    private boolean skippingLongLine;
    private String reportedSerial;

    /** @param deviceZone the time zone the device clock is set in (normally the clinic's) */
    public MasimoDecoder(ZoneId deviceZone) {
        this.deviceZone = deviceZone;
    }

    @Override
    public void decode(ByteBuffer in, Instant now, DecoderSink sink) {
        while (in.hasRemaining()) {
            int start = in.position();
            if (skippingLongLine) {
                int lf = indexOfLineFeed(in, start, in.limit());
                if (lf < 0) {
                    in.position(in.limit());
                    return;
                }
                in.position(lf + 1);
                skippingLongLine = false;
                continue;
            }
            int window = Math.min(in.limit(), start + MAX_LINE + 2);
            int lf = indexOfLineFeed(in, start, window);
            if (lf < 0) {
                if (window - start == MAX_LINE + 2) {
                    in.position(window);
                    skippingLongLine = true;
                    sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, MAX_LINE + 2,
                            "no CR LF within " + MAX_LINE + " bytes"));
                    continue;
                }
                return;
            }
            int end = lf > start && in.get(lf - 1) == '\r' ? lf - 1 : lf;
            byte[] line = new byte[end - start];
            in.get(start, line);
            in.position(lf + 1);
            if (line.length > 0) decodeLine(withoutLeadingGarbage(line, lf + 1 - start, sink), now, sink);
        }
    }

    /**
     * Line noise before a line (bytes with no CR LF of their own) would otherwise cost the whole
     * line: the line is taken from its {@code MM/DD/YY HH:MM:SS} date and what comes before it is
     * reported as discarded. A line without a date anywhere is left as it is, to be rejected whole.
     */
    private static Line withoutLeadingGarbage(byte[] line, int frameLength, DecoderSink sink) {
        for (int i = 1; i + TIMESTAMP.length() <= line.length; i++) {
            if (hasShape(line, i, TIMESTAMP)) {
                sink.invalidFrame(layout(i, "bytes before the line's date"));
                return new Line(Arrays.copyOfRange(line, i, line.length), frameLength - i);
            }
        }
        return new Line(line, frameLength);
    }

    private static boolean hasShape(byte[] bytes, int from, String shape) {
        for (int i = 0; i < shape.length(); i++) {
            char expected = shape.charAt(i);
            int actual = bytes[from + i];
            if (expected == 'N' ? actual < '0' || actual > '9' : actual != expected) return false;
        }
        return true;
    }

    private record Line(byte[] bytes, int frameLength) {
    }

    private static int indexOfLineFeed(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') return i;
        }
        return -1;
    }

    private void decodeLine(Line framed, Instant now, DecoderSink sink) {
        byte[] line = framed.bytes();
        int frameLength = framed.frameLength();
        for (byte b : line) {
            if (b < 0x20 || b > 0x7E) {
                sink.invalidFrame(layout(frameLength, "non-ASCII byte in line"));
                return;
            }
        }
        // Fixed-width layout: a value may be right-aligned after its key, e.g. "SN=   1234567".
        String[] tokens = new String(line, StandardCharsets.US_ASCII).trim().replaceAll("= +", "=").split(" +");
        if (tokens.length < 4 || !hasShape(tokens[0], "NN/NN/NN") || !hasShape(tokens[1], "NN:NN:NN")) {
            sink.invalidFrame(layout(frameLength, "line does not start with MM/DD/YY HH:MM:SS"));
            return;
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 2; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                sink.invalidFrame(layout(frameLength, "field without KEY=VALUE: " + tokens[i]));
                return;
            }
            fields.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
        }
        if (!fields.containsKey("SPO2") || !fields.containsKey("BPM")) {
            sink.invalidFrame(layout(frameLength, "line without SPO2 and BPM"));
            return;
        }
        double spo2 = number(fields.get("SPO2"));
        double pulse = number(fields.get("BPM"));
        double pi = fields.containsKey("PI") ? number(fields.get("PI")) : Double.NaN;
        int alarm = hex(fields.getOrDefault("ALARM", "0"));
        int exc = hex(fields.getOrDefault("EXC", "0"));
        if (spo2 == MALFORMED || pulse == MALFORMED || pi == MALFORMED || alarm < 0 || exc < 0) {
            sink.invalidFrame(layout(frameLength, "malformed value"));
            return;
        }
        if (outOfRange(VitalSign.SPO2, spo2) || outOfRange(VitalSign.PULSE_RATE, pulse)
                || outOfRange(VitalSign.PERFUSION_INDEX, pi)) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.OUT_OF_RANGE, frameLength,
                    "value outside the plausible range"));
            return;
        }

        reportIdentity(fields.get("SN"), sink);
        reportConditions(exc, alarm, sink);
        Quality quality = quality(exc);
        Instant deviceTime = deviceTime(tokens[0], tokens[1], now);
        sink.reading(VitalSign.SPO2, spo2, unavailable(spo2, quality), deviceTime);
        sink.reading(VitalSign.PULSE_RATE, pulse, unavailable(pulse, quality), deviceTime);
        if (fields.containsKey("PI")) {
            sink.reading(VitalSign.PERFUSION_INDEX, pi, unavailable(pi, quality), deviceTime);
        }
    }

    private static InvalidFrame layout(int frameLength, String detail) {
        return new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, frameLength, detail);
    }

    private static boolean outOfRange(VitalSign vital, double value) {
        return !Double.isNaN(value) && !vital.isPlausible(value);
    }

    /** Dashes mean "value not available"; a NaN reading must say why, INVALID when the device does not. */
    private static Quality unavailable(double value, Quality quality) {
        return Double.isNaN(value) && quality.isUsable() ? quality.with(Quality.Flag.INVALID) : quality;
    }

    private static Quality quality(int exc) {
        Quality quality = Quality.VALID;
        for (MasimoException exception : MasimoException.values()) {
            if ((exc & exception.bit) != 0) quality = quality.with(exception.flag);
        }
        return quality;
    }

    private void reportConditions(int exc, int alarm, DecoderSink sink) {
        for (Kind kind : EXC_CONDITIONS) {
            StringBuilder detail = new StringBuilder();
            for (MasimoException exception : MasimoException.values()) {
                if ((exc & exception.bit) != 0 && exception.condition == kind) {
                    if (detail.length() > 0) detail.append(", ");
                    detail.append(exception.text);
                }
            }
            conditions.report(kind, detail.length() > 0, detail.length() > 0 ? detail.toString() : "cleared", sink);
        }
        // ALARM 0040: low battery
        boolean lowBattery = (alarm & ALARM_LOW_BATTERY) != 0;
        conditions.report(Kind.LOW_BATTERY, lowBattery, lowBattery ? "low battery" : "cleared", sink);
    }

    private void reportIdentity(String serial, DecoderSink sink) {
        if (serial == null || serial.isEmpty() || serial.chars().allMatch(c -> c == '-')) return;
        if (!serial.equals(reportedSerial)) {
            reportedSerial = serial;
            sink.identity(new DeviceIdentity("Masimo", null, serial));
        }
    }

    private Instant deviceTime(String date, String time, Instant now) {
        try {
            LocalDateTime local = LocalDateTime.of(2000 + twoDigits(date, 6), twoDigits(date, 0), twoDigits(date, 3),
                    twoDigits(time, 0), twoDigits(time, 3), twoDigits(time, 6));
            Instant deviceTime = local.atZone(deviceZone).toInstant();
            Duration offset = Duration.between(now, deviceTime).abs();
            return offset.compareTo(DEVICE_CLOCK_TOLERANCE) <= 0 ? deviceTime : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int twoDigits(String text, int at) {
        return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
    }

    /** Whether {@code text} matches {@code shape}, where N stands for a digit. */
    private static boolean hasShape(String text, String shape) {
        if (text.length() != shape.length()) return false;
        for (int i = 0; i < text.length(); i++) {
            char expected = shape.charAt(i);
            char actual = text.charAt(i);
            if (expected == 'N' ? actual < '0' || actual > '9' : actual != expected) return false;
        }
        return true;
    }

    /** A decimal like {@code 098}, {@code 03.60} or {@code 098%}; dashes give NaN; anything else MALFORMED. */
    static double number(String text) {
        String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        if (digits.isEmpty() || digits.length() > 8) return MALFORMED;
        boolean dash = false;
        boolean digit = false;
        int dots = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c == '-') dash = true;
            else if (c == '.') dots++;
            else if (c >= '0' && c <= '9') digit = true;
            else return MALFORMED;
        }
        if (dots > 1 || dash && digit || !dash && !digit) return MALFORMED;
        return dash ? Double.NaN : Double.parseDouble(digits);
    }

    /** A hex bit field like {@code 000800}; -1 when malformed. */
    static int hex(String text) {
        if (text.isEmpty() || text.length() > 6) return -1;
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) return -1;
            value = value << 4 | digit;
        }
        return value;
    }
}
