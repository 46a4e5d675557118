package org.vigil.gateway.alarms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.Comparison;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

/**
 * The alarm limits in force on each bed, per vital, as the dashboard shows them beside each value
 * and as FHIR {@code interpretation} uses them: the highest-priority low and high limits are the
 * critical ones, the next are the plain ones. Rebuilt whenever a bed's rules change.
 */
public final class BedLimits {

    private final Map<String, Map<VitalSign, VitalLimits>> byBed = new ConcurrentHashMap<>();

    public void update(String bedId, List<AlarmRule> rules) {
        Map<VitalSign, List<Bound>> lows = new EnumMap<>(VitalSign.class);
        Map<VitalSign, List<Bound>> highs = new EnumMap<>(VitalSign.class);
        for (AlarmRule rule : rules) {
            if (!(rule instanceof LimitRule limit) || limit.preDoseOnly() || limit.priority() == Priority.INFORMATIONAL) {
                continue;
            }
            for (Threshold threshold : limit.thresholds()) {
                boolean low = threshold.comparison() == Comparison.BELOW || threshold.comparison() == Comparison.AT_OR_BELOW;
                (low ? lows : highs).computeIfAbsent(threshold.vital(), v -> new ArrayList<>())
                        .add(new Bound(threshold.limit(), limit.priority()));
            }
        }
        Map<VitalSign, VitalLimits> limits = new EnumMap<>(VitalSign.class);
        for (VitalSign vital : VitalSign.values()) {
            Double[] low = split(lows.get(vital));
            Double[] high = split(highs.get(vital));
            if (low[0] != null || low[1] != null || high[0] != null || high[1] != null) {
                limits.put(vital, new VitalLimits(low[0], low[1], high[1], high[0]));
            }
        }
        byBed.put(bedId, limits);
    }

    /** {critical, plain} from the bounds of one side, most urgent first. */
    private static Double[] split(List<Bound> bounds) {
        if (bounds == null || bounds.isEmpty()) return new Double[]{null, null};
        bounds.sort(Comparator.comparing(Bound::priority).reversed());
        if (bounds.size() == 1) {
            Bound only = bounds.get(0);
            return only.priority() == Priority.HIGH ? new Double[]{only.limit(), null} : new Double[]{null, only.limit()};
        }
        return new Double[]{bounds.get(0).limit(), bounds.get(1).limit()};
    }

    public VitalLimits of(String bedId, VitalSign vital) {
        return byBed.getOrDefault(bedId, Map.of()).getOrDefault(vital, VitalLimits.NONE);
    }

    public Map<VitalSign, VitalLimits> of(String bedId) {
        return byBed.getOrDefault(bedId, Map.of());
    }

    private record Bound(double limit, Priority priority) {
    }
}
