package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.alerting.profile.YamlNode.Entry;
import org.vigil.alerting.profile.YamlNode.ListNode;
import org.vigil.alerting.profile.YamlNode.MapNode;
import org.vigil.alerting.profile.YamlNode.Scalar;

/** Typed reads of one YAML mapping, each error naming the file, the line and the key's path. */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    final String file;
    final String path;
    final MapNode node;

    private Fields(String file, String path, MapNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static Fields of(String file, String path, YamlNode node) {
        if (node instanceof MapNode map) return new Fields(file, path, map);
        throw new ProfileException(file, node.line(), path, "must be a mapping of keys to values");
    }

    /** Rejects any key not listed, so that a misspelt key never silently takes its default. */
    Fields only(String... allowed) {
        List<String> keys = Arrays.asList(allowed);
        for (Entry entry : node.entries().values()) {
            if (!keys.contains(entry.key())) {
                throw new ProfileException(file, entry.keyLine(), key(entry.key()),
                        "unknown key (expected one of " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    boolean has(String key) {
        return node.entries().containsKey(key);
    }

    String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ProfileException error(String key, String problem) {
        Entry entry = node.entries().get(key);
        int line = entry == null ? node.line() : entry.value().line();
        return new ProfileException(file, line, key == null ? path : key(key), problem);
    }

    String text(String key, String otherwise) {
        Scalar scalar = scalar(key);
        return scalar == null ? otherwise : scalar.text();
    }

    String requiredText(String key) {
        Scalar scalar = scalar(key);
        if (scalar == null) throw error(key, "is missing");
        return scalar.text();
    }

    double number(String key, double otherwise) {
        Scalar scalar = scalar(key);
        return scalar == null ? otherwise : parseNumber(key, scalar);
    }

    double requiredNumber(String key) {
        Scalar scalar = scalar(key);
        if (scalar == null) throw error(key, "is missing");
        return parseNumber(key, scalar);
    }

    boolean flag(String key, boolean otherwise) {
        Scalar scalar = scalar(key);
        if (scalar == null) return otherwise;
        return switch (scalar.text()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "'" + scalar.text() + "' is not true or false");
        };
    }

    /** A duration with its unit: 500ms, 15s, 2m, 1.5h. */
    Duration duration(String key, Duration otherwise) {
        Scalar scalar = scalar(key);
        if (scalar == null) return otherwise;
        Matcher m = DURATION.matcher(scalar.text().trim());
        if (!m.matches()) throw error(key, "'" + scalar.text() + "' is not a duration such as 500ms, 15s, 2m or 1h");
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** One of a fixed set of words, e.g. a priority; "pulse-rate" matches PULSE_RATE. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E otherwise) {
        Scalar scalar = scalar(key);
        if (scalar == null) {
            if (otherwise == null) throw error(key, "is missing");
            return otherwise;
        }
        String word = scalar.text().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(word)) return constant;
        }
        String expected = String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        throw error(key, "'" + scalar.text() + "' is not one of " + expected);
    }

    <T> T parsed(String key, Function<String, T> parse) {
        Scalar scalar = scalar(key);
        if (scalar == null) throw error(key, "is missing");
        try {
            return parse.apply(scalar.text());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    Fields map(String key) {
        Entry entry = node.entries().get(key);
        return entry == null ? null : of(file, key(key), entry.value());
    }

    List<YamlNode> list(String key) {
        Entry entry = node.entries().get(key);
        if (entry == null) return null;
        if (entry.value() instanceof ListNode list) return list.items();
        throw error(key, "must be a list");
    }

    Map<String, Entry> entries() {
        return node.entries();
    }

    private Scalar scalar(String key) {
        Entry entry = node.entries().get(key);
        if (entry == null) return null;
        if (entry.value() instanceof Scalar scalar) return scalar.isNull() ? null : scalar;
        throw error(key, "must be a single value");
    }

    private double parseNumber(String key, Scalar scalar) {
        try {
            double value = Double.parseDouble(scalar.text());
            if (Double.isFinite(value)) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(key, "'" + scalar.text() + "' is not a number");
    }
}
