package org.vigil.gateway.alarms;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;
import org.vigil.model.VitalSign;

/**
 * Checks a bed's limit rules as a whole before a change is applied: every limit within the range a
 * clinician could mean for its vital, and per vital the critical low below the plain low, the plain
 * low below the plain high, the plain high below the critical high (docs/alarms.md §10).
 */
final class LimitCheck {

    /** A limit may be set from {@code min} to {@code max}, both included. */
    record Range(double min, double max) {
        boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    static final Map<VitalSign, Range> SETTABLE = settable();

    private LimitCheck() {
    }

    private static Map<VitalSign, Range> settable() {
        Map<VitalSign, Range> ranges = new EnumMap<>(VitalSign.class);
        ranges.put(VitalSign.SPO2, new Range(50, 99));
        ranges.put(VitalSign.PULSE_RATE, new Range(25, 240));
        ranges.put(VitalSign.BP_SYS, new Range(50, 260));
        ranges.put(VitalSign.BP_DIA, new Range(20, 160));
        ranges.put(VitalSign.BP_MEAN, new Range(30, 200));
        ranges.put(VitalSign.RESP_RATE, new Range(3, 60));
        ranges.put(VitalSign.TEMP, new Range(32, 42));
        ranges.put(VitalSign.PERFUSION_INDEX, new Range(0.02, 20));
        return Map.copyOf(ranges);
    }

    /** What is wrong with the rules, one sentence per problem; empty when they may be applied. */
    static List<String> problems(List<AlarmRule> rules, Iterable<String> changed) {
        List<String> problems = new ArrayList<>();
        for (String id : changed) {
            for (AlarmRule rule : rules) {
                if (!rule.id().equals(id) || !(rule instanceof LimitRule limit)) continue;
                for (Threshold threshold : limit.thresholds()) {
                    Range range = SETTABLE.get(threshold.vital());
                    if (!range.contains(threshold.limit())) {
                        problems.add(id + ": " + number(threshold.limit()) + " is outside " + number(range.min())
                                + " to " + number(range.max()) + " " + threshold.vital().ucum() + " for "
                                + threshold.vital().name());
                    }
                }
            }
        }
        if (problems.isEmpty()) problems.addAll(orderProblems(rules));
        return problems;
    }

    private record Bound(String rule, double limit, boolean critical) {
    }

    private static List<String> orderProblems(List<AlarmRule> rules) {
        Map<VitalSign, List<Bound>> lows = new EnumMap<>(VitalSign.class);
        Map<VitalSign, List<Bound>> highs = new EnumMap<>(VitalSign.class);
        for (AlarmRule rule : rules) {
            if (!(rule instanceof LimitRule limit) || limit.preDoseOnly() || limit.priority() == Priority.INFORMATIONAL) {
                continue;
            }
            boolean critical = limit.priority() == Priority.HIGH;
            for (Threshold threshold : limit.thresholds()) {
                (threshold.comparison().isLow() ? lows : highs).computeIfAbsent(threshold.vital(), v -> new ArrayList<>())
                        .add(new Bound(rule.id(), threshold.limit(), critical));
            }
        }
        List<String> problems = new ArrayList<>();
        for (VitalSign vital : VitalSign.values()) {
            List<Bound> low = lows.getOrDefault(vital, List.of());
            List<Bound> high = highs.getOrDefault(vital, List.of());
            for (Bound a : low) {
                for (Bound b : low) {
                    if (a.critical() && !b.critical() && a.limit() >= b.limit()) {
                        problems.add(a.rule() + " (" + number(a.limit()) + ") must stay below " + b.rule()
                                + " (" + number(b.limit()) + ")");
                    }
                }
                for (Bound b : high) {
                    if (a.limit() >= b.limit()) {
                        problems.add(a.rule() + " (" + number(a.limit()) + ") must stay below " + b.rule()
                                + " (" + number(b.limit()) + ")");
                    }
                }
            }
            for (Bound a : high) {
                for (Bound b : high) {
                    if (a.critical() && !b.critical() && a.limit() <= b.limit()) {
                        problems.add(a.rule() + " (" + number(a.limit()) + ") must stay above " + b.rule()
                                + " (" + number(b.limit()) + ")");
                    }
                }
            }
        }
        return problems;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
    }
}
