package org.vigil.gateway.mqtt;

import java.util.List;

/**
 * Topic names and filters as MQTT 3.1.1 section 4.7 defines them: levels split by {@code /},
 * {@code +} matches one level, {@code #} (last, alone in its level) matches that level's parent and
 * every level below.
 */
public final class TopicFilters {

    /** Only the gateway publishes here: the beds' alarm state, escalations and its own liveness. */
    public static final List<String> GATEWAY_ONLY = List.of("vigil/alarms/#", "vigil/gateway/#");

    private TopicFilters() {
    }

    /** A valid filter (section 4.7.1): wildcards fill whole levels and {@code #} comes last. */
    public static boolean isValid(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\0') >= 0) return false;
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) return false;
            } else if (!level.equals("+") && (level.contains("#") || level.contains("+"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every topic that {@code requested} matches is also matched by {@code allowed}. */
    public static boolean covers(String allowed, String requested) {
        String[] a = allowed.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("#")) return true;
            if (i >= r.length) return false;
            if (r[i].equals("#")) return false;
            if (a[i].equals("+")) continue;
            if (!a[i].equals(r[i])) return false;
        }
        return r.length == a.length;
    }

    /** Whether some topic is matched by both filters. */
    public static boolean overlap(String first, String second) {
        String[] a = first.split("/", -1);
        String[] b = second.split("/", -1);
        for (int i = 0; ; i++) {
            if (i < a.length && a[i].equals("#") || i < b.length && b[i].equals("#")) return true;
            if (i == a.length || i == b.length) return a.length == b.length;
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) return false;
        }
    }

    /** Whether {@code filter} reaches topics that only the gateway may publish to. */
    public static boolean reachesGatewayTopics(String filter) {
        return GATEWAY_ONLY.stream().anyMatch(reserved -> overlap(reserved, filter));
    }

    /** Whether {@code filter} stays inside the topics the gateway publishes for consumers. */
    public static boolean insideGatewayTopics(String filter) {
        return GATEWAY_ONLY.stream().anyMatch(reserved -> covers(reserved, filter));
    }
}
