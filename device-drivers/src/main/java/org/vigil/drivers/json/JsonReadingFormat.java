package org.vigil.drivers.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * The Vigil JSON reading format (docs/json-reading-format.md): one reading, one condition, or a batch
 * of both per message. A message is validated whole before anything is reported: one bad entry
 * rejects the message as one {@link InvalidFrame}.
 */
public final class JsonReadingFormat {

    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int MAX_BATCH_ENTRIES = 100;
    public static final int MAX_DETAIL_LENGTH = 200;
    /** A device time further than this from the gateway's is not trusted. */
    static final Duration PLAUSIBLE_CLOCK_SKEW = Duration.ofHours(24);

    private static final Set<String> READING_FIELDS = Set.of("vital", "value", "unit", "time", "quality");
    private static final Set<String> CONDITION_FIELDS = Set.of("condition", "active", "detail");
    private static final Set<String> BATCH_FIELDS = Set.of("readings", "conditions");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private record Entry(VitalSign vital, double value, Quality quality, Instant time) {
    }

    private record Condition(DeviceEvent.Kind kind, boolean active, String detail) {
    }

    private static final class Rejected extends Exception {
        final InvalidFrame.Cause cause;

        Rejected(InvalidFrame.Cause cause, String detail) {
            super(detail, null, false, false);
            this.cause = cause;
        }
    }

    /** Decodes one whole message. */
    public void decode(byte[] bytes, int offset, int length, Instant now, DecoderSink sink) {
        List<Entry> readings = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        try {
            if (length > MAX_MESSAGE_BYTES) {
                throw new Rejected(InvalidFrame.Cause.TOO_LONG, "message of %d bytes exceeds %d".formatted(length, MAX_MESSAGE_BYTES));
            }
            JsonNode root = parse(bytes, offset, length);
            if (root.has("readings") || root.has("conditions")) {
                batch(root, now, readings, conditions);
            } else if (root.has("condition")) {
                conditions.add(condition(root, ""));
            } else {
                readings.add(reading(root, "", now));
            }
        } catch (Rejected rejected) {
            sink.invalidFrame(new InvalidFrame(rejected.cause, length, rejected.getMessage()));
            return;
        }
        for (Condition condition : conditions) sink.condition(condition.kind, condition.active, condition.detail);
        for (Entry entry : readings) sink.reading(entry.vital, entry.value, entry.quality, entry.time);
    }

    private static JsonNode parse(byte[] bytes, int offset, int length) throws Rejected {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes, offset, length);
        } catch (JsonProcessingException malformed) {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "not JSON: " + malformed.getOriginalMessage());
        } catch (IOException | RuntimeException unreadable) {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "not JSON: " + unreadable.getMessage());
        }
        if (root == null || !root.isObject()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "not a JSON object");
        return root;
    }

    private static void batch(JsonNode root, Instant now, List<Entry> readings, List<Condition> conditions) throws Rejected {
        onlyFields(root, BATCH_FIELDS, "");
        JsonNode readingArray = array(root, "readings");
        JsonNode conditionArray = array(root, "conditions");
        if (readingArray.size() + conditionArray.size() > MAX_BATCH_ENTRIES) {
            throw new Rejected(InvalidFrame.Cause.TOO_LONG, "batch of %d entries exceeds %d"
                    .formatted(readingArray.size() + conditionArray.size(), MAX_BATCH_ENTRIES));
        }
        for (int i = 0; i < conditionArray.size(); i++) conditions.add(condition(conditionArray.get(i), "conditions[" + i + "]."));
        for (int i = 0; i < readingArray.size(); i++) readings.add(reading(readingArray.get(i), "readings[" + i + "].", now));
    }

    private static JsonNode array(JsonNode root, String field) throws Rejected {
        JsonNode node = root.get(field);
        if (node == null) return MAPPER.createArrayNode();
        if (!node.isArray()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, field + ": not an array");
        return node;
    }

    private static Entry reading(JsonNode node, String path, Instant now) throws Rejected {
        if (!node.isObject()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "entry: not an object");
        onlyFields(node, READING_FIELDS, path);
        VitalSign vital = vital(text(node, "vital", path), path);
        String unit = text(node, "unit", path);
        if (!unit.equals(vital.ucum())) {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "%sunit: '%s' is not %s, the unit of %s".formatted(path, unit, vital.ucum(), vital));
        }
        Quality quality = quality(node.get("quality"), path);
        JsonNode valueNode = node.get("value");
        double value;
        if (valueNode == null) {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "value: missing");
        } else if (valueNode.isNull()) {
            if (quality.isUsable()) {
                throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "value: null needs a quality flag saying why (e.g. sensor_off)");
            }
            value = Double.NaN;
        } else if (valueNode.isNumber()) {
            value = valueNode.asDouble();
            if (!vital.isPlausible(value)) {
                throw new Rejected(InvalidFrame.Cause.OUT_OF_RANGE, "%svalue: %s %s outside %s to %s for %s".formatted(
                        path, valueNode.asText(), unit, plain(vital.plausibleMin()), plain(vital.plausibleMax()), vital));
            }
        } else {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "value: not a number");
        }
        return new Entry(vital, value, quality, time(node.get("time"), path, now));
    }

    private static Condition condition(JsonNode node, String path) throws Rejected {
        if (!node.isObject()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "entry: not an object");
        onlyFields(node, CONDITION_FIELDS, path);
        String name = text(node, "condition", path);
        DeviceEvent.Kind kind = null;
        for (DeviceEvent.Kind candidate : DeviceEvent.Kind.values()) {
            if (!candidate.isLifecycle() && candidate != DeviceEvent.Kind.DATA_GARBLED && candidate.name().equalsIgnoreCase(name)) {
                kind = candidate;
            }
        }
        if (kind == null) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "%scondition: unknown '%s'".formatted(path, name));
        JsonNode active = node.get("active");
        if (active == null || !active.isBoolean()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "active: not true or false");
        String detail = node.has("detail") ? text(node, "detail", path) : "";
        if (detail.length() > MAX_DETAIL_LENGTH) {
            throw new Rejected(InvalidFrame.Cause.TOO_LONG, "%sdetail: longer than %d characters".formatted(path, MAX_DETAIL_LENGTH));
        }
        return new Condition(kind, active.booleanValue(), detail);
    }

    private static VitalSign vital(String name, String path) throws Rejected {
        for (VitalSign vital : VitalSign.values()) {
            if (vital.name().equalsIgnoreCase(name)) return vital;
        }
        throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "%svital: unknown '%s'".formatted(path, name));
    }

    private static Quality quality(JsonNode node, String path) throws Rejected {
        if (node == null) return Quality.VALID;
        if (!node.isArray()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "quality: not an array");
        Quality quality = Quality.VALID;
        for (JsonNode flag : node) {
            quality = quality.with(flag(flag, path));
        }
        return quality;
    }

    private static Quality.Flag flag(JsonNode node, String path) throws Rejected {
        if (node.isTextual()) {
            for (Quality.Flag flag : Quality.Flag.values()) {
                if (flag.name().equalsIgnoreCase(node.textValue())) return flag;
            }
        }
        throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "%squality: unknown flag %s".formatted(path, shorten(node.toString())));
    }

    private static Instant time(JsonNode node, String path, Instant now) throws Rejected {
        if (node == null) return null;
        if (!node.isTextual()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + "time: not a string");
        Instant time;
        try {
            time = IsoTime.parse(node.textValue());
        } catch (DateTimeParseException notIso) {
            throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT,
                    "%stime: '%s' is not an ISO-8601 date-time with offset".formatted(path, shorten(node.textValue())));
        }
        // compared as instants: Duration.abs() of a negative duration multiplies through BigDecimal
        boolean plausible = !time.isBefore(now.minus(PLAUSIBLE_CLOCK_SKEW)) && !time.isAfter(now.plus(PLAUSIBLE_CLOCK_SKEW));
        return plausible ? time : null;
    }

    private static String text(JsonNode node, String field, String path) throws Rejected {
        JsonNode value = node.get(field);
        if (value == null) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + field + ": missing");
        if (!value.isTextual()) throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, path + field + ": not a string");
        return value.textValue();
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String path) throws Rejected {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new Rejected(InvalidFrame.Cause.BAD_LAYOUT, "%s%s: unknown field".formatted(path, shorten(name)));
            }
        }
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
