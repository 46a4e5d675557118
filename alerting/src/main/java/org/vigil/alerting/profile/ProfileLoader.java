package org.vigil.alerting.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vigil.alerting.Priority;
import org.vigil.alerting.SessionPhase;
import org.vigil.model.DeviceEvent;
import org.vigil.model.VitalSign;

/**
 * Reads alarm profiles ({@code config/alarm-profiles/*.yaml}) into {@link AlarmProfile} records,
 * once, at start-up. Unknown keys are rejected and every error names the file, the line and the
 * key, e.g. {@code kap-adult.yaml:12: rules[3].delay: '15' is not a duration ...}.
 */
public final class ProfileLoader {

    private static final String[] COMMON = {"id", "name", "kind", "priority", "latching"};

    private ProfileLoader() {
    }

    /** Every {@code *.yaml} profile in a folder, keyed by profile name. */
    public static Map<String, AlarmProfile> loadAll(Path folder) {
        Map<String, AlarmProfile> profiles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                AlarmProfile profile = load(file);
                if (profiles.put(profile.name(), profile) != null) {
                    throw new ProfileException(file.getFileName().toString(), 1, "name",
                            "another profile is already named " + profile.name());
                }
            }
        } catch (IOException e) {
            throw new ProfileException(folder.toString(), 1, "", "cannot be listed: " + e.getMessage());
        }
        return profiles;
    }

    public static AlarmProfile load(Path file) {
        String name = file.getFileName().toString();
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new ProfileException(name, 1, "", "cannot be read: " + e.getMessage());
        }
    }

    /** @param file the file name errors report, e.g. "kap-adult.yaml" */
    public static AlarmProfile parse(String yaml, String file) {
        Fields top = Fields.of(file, "", YamlNode.parse(yaml, file)).only(
                "name", "reminder-interval", "audio-pause", "escalate-after", "cuff-hold-max", "news2", "session", "rules");
        String defaultName = file.endsWith(".yaml") ? file.substring(0, file.length() - 5) : file;
        List<YamlNode> ruleNodes = top.list("rules");
        if (ruleNodes == null) throw top.error("rules", "is missing");
        List<AlarmRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            AlarmRule rule = rule(Fields.of(file, "rules[" + i + "]", ruleNodes.get(i)));
            if (rules.stream().anyMatch(r -> r.id().equals(rule.id()))) {
                throw Fields.of(file, "rules[" + i + "]", ruleNodes.get(i)).error("id", "duplicate rule id " + rule.id());
            }
            rules.add(rule);
        }
        try {
            return new AlarmProfile(top.text("name", defaultName),
                    top.duration("reminder-interval", AlarmProfile.DEFAULT_REMINDER),
                    top.duration("audio-pause", AlarmProfile.DEFAULT_AUDIO_PAUSE),
                    escalation(top.map("escalate-after")),
                    top.duration("cuff-hold-max", AlarmProfile.DEFAULT_CUFF_HOLD_MAX),
                    news2(top.map("news2")), rules, session(top.map("session")));
        } catch (IllegalArgumentException e) {
            throw top.error(null, e.getMessage());
        }
    }

    private static Map<Priority, Duration> escalation(Fields fields) {
        if (fields == null) return AlarmProfile.defaultEscalation();
        fields.only("high", "medium", "low", "informational");
        Map<Priority, Duration> escalation = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            String key = priority.name().toLowerCase();
            if (fields.has(key)) escalation.put(priority, fields.duration(key, null));
        }
        return escalation;
    }

    private static News2Settings news2(Fields fields) {
        if (fields == null) return News2Settings.DEFAULT;
        fields.only("continuous-max-age", "bp-max-age", "temperature-max-age", "assessment-max-age");
        News2Settings d = News2Settings.DEFAULT;
        try {
            return new News2Settings(fields.duration("continuous-max-age", d.continuousMaxAge()),
                    fields.duration("bp-max-age", d.bpMaxAge()),
                    fields.duration("temperature-max-age", d.temperatureMaxAge()),
                    fields.duration("assessment-max-age", d.assessmentMaxAge()));
        } catch (IllegalArgumentException e) {
            throw fields.error(null, e.getMessage());
        }
    }

    private static SessionSettings session(Fields fields) {
        if (fields == null) return SessionSettings.DEFAULT;
        fields.only("peak-from", "recovery-from", "doses-allowed", "minimum-observation", "baseline-band", "stable-window", "phases");
        SessionSettings d = SessionSettings.DEFAULT;
        double doses = fields.number("doses-allowed", d.dosesAllowed());
        if (doses != Math.rint(doses)) throw fields.error("doses-allowed", "'" + doses + "' is not a whole number");
        List<PhaseOverride> overrides = new ArrayList<>();
        Fields phases = fields.map("phases");
        if (phases != null) {
            phases.only("onset", "peak", "recovery");
            for (SessionPhase phase : List.of(SessionPhase.ONSET, SessionPhase.PEAK, SessionPhase.RECOVERY)) {
                String key = phase.name().toLowerCase();
                List<YamlNode> items = phases.list(key);
                if (items == null) continue;
                for (int i = 0; i < items.size(); i++) {
                    Fields item = Fields.of(fields.file, "session.phases." + key + "[" + i + "]", items.get(i))
                            .only("rule", "limit", "delay");
                    try {
                        overrides.add(new PhaseOverride(phase, item.requiredText("rule"),
                                item.has("limit") ? item.number("limit", 0) : null, item.has("delay") ? item.duration("delay", null) : null));
                    } catch (IllegalArgumentException e) {
                        throw item.error(null, e.getMessage());
                    }
                }
            }
        }
        try {
            return new SessionSettings(fields.duration("peak-from", d.peakFrom()),
                    fields.duration("recovery-from", d.recoveryFrom()), (int) doses,
                    fields.duration("minimum-observation", d.minimumObservation()),
                    fields.number("baseline-band", d.baselineBand()), fields.duration("stable-window", d.stableWindow()), overrides);
        } catch (IllegalArgumentException e) {
            throw fields.error(null, e.getMessage());
        }
    }

    private static AlarmRule rule(Fields f) {
        String kind = f.text("kind", "limit");
        try {
            return switch (kind) {
                case "limit" -> limitRule(f);
                case "device" -> deviceRule(f);
                case "bp-due" -> bpDueRule(f);
                case "data-stale" -> dataStaleRule(f);
                case "news2" -> news2Rule(f);
                default -> throw f.error("kind", "'" + kind + "' is not one of limit, device, bp-due, data-stale, news2");
            };
        } catch (IllegalArgumentException e) {
            throw f.error(null, e.getMessage());
        }
    }

    private static String[] keys(String... specific) {
        String[] all = new String[COMMON.length + specific.length];
        System.arraycopy(COMMON, 0, all, 0, COMMON.length);
        System.arraycopy(specific, 0, all, COMMON.length, specific.length);
        return all;
    }

    private static LimitRule limitRule(Fields f) {
        f.only(keys("vital", "comparison", "limit", "limits", "hysteresis", "delay", "integral", "confirm",
                "pre-dose-only"));
        List<Threshold> thresholds = new ArrayList<>();
        if (f.has("limits")) {
            for (String single : new String[] {"vital", "comparison", "limit"}) {
                if (f.has(single)) throw f.error(single, "give either limits or vital/comparison/limit, not both");
            }
            List<YamlNode> items = f.list("limits");
            for (int i = 0; i < items.size(); i++) {
                thresholds.add(threshold(Fields.of(f.file, f.key("limits[" + i + "]"), items.get(i))
                        .only("vital", "comparison", "limit")));
            }
        } else {
            thresholds.add(threshold(f));
        }
        String id = f.requiredText("id");
        return new LimitRule(id, f.text("name", id), thresholds, f.number("hysteresis", 0),
                f.duration("delay", Duration.ZERO), f.number("integral", 0), f.flag("confirm", false),
                f.flag("pre-dose-only", false), f.choice("priority", Priority.class, null), f.flag("latching", false));
    }

    private static Threshold threshold(Fields f) {
        return new Threshold(f.choice("vital", VitalSign.class, null), f.parsed("comparison", Comparison::ofSymbol),
                f.requiredNumber("limit"));
    }

    private static DeviceRule deviceRule(Fields f) {
        f.only(keys("event", "delay"));
        String id = f.requiredText("id");
        DeviceEvent.Kind event = f.choice("event", DeviceEvent.Kind.class, null);
        try {
            return new DeviceRule(id, f.text("name", id), event, f.duration("delay", Duration.ZERO),
                    f.choice("priority", Priority.class, null), f.flag("latching", false));
        } catch (IllegalArgumentException e) {
            throw f.error("event", e.getMessage());
        }
    }

    private static BpDueRule bpDueRule(Fields f) {
        f.only(keys("pre-dose", "pre-dose-window", "first", "every", "until", "grace"));
        String id = f.requiredText("id");
        return new BpDueRule(id, f.text("name", id), f.flag("pre-dose", true),
                f.duration("pre-dose-window", Duration.ofMinutes(30)), f.duration("first", Duration.ofMinutes(40)),
                f.duration("every", Duration.ofMinutes(15)), f.duration("until", Duration.ofHours(2)),
                f.duration("grace", Duration.ofMinutes(5)), f.choice("priority", Priority.class, null),
                f.flag("latching", false));
    }

    private static DataStaleRule dataStaleRule(Fields f) {
        f.only(keys("continuous-after", "bp-interval-factor"));
        String id = f.requiredText("id");
        return new DataStaleRule(id, f.text("name", id), f.duration("continuous-after", Duration.ofSeconds(30)),
                f.number("bp-interval-factor", 1.5), f.choice("priority", Priority.class, null),
                f.flag("latching", false));
    }

    private static News2Rule news2Rule(Fields f) {
        f.only(keys("trigger", "delay"));
        String id = f.requiredText("id");
        return new News2Rule(id, f.text("name", id), f.choice("trigger", News2Rule.Trigger.class, null),
                f.duration("delay", Duration.ZERO), f.choice("priority", Priority.class, null), f.flag("latching", false));
    }
}
