package org.vigil.alerting.profile;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vigil.alerting.Priority;

/**
 * The alarm configuration a bed runs: its rules and the alarm-system timings.
 *
 * @param name              profile name, e.g. "kap-adult"
 * @param reminderInterval  an acknowledged alarm whose condition persists re-sounds after this
 * @param audioPause        how long an audio pause lasts
 * @param escalateAfter     per priority, how long an alarm may stay unacknowledged before it
 *                          escalates; a priority not listed never escalates
 * @param cuffHoldMax       the longest SpO2 alarms are held while a same-limb cuff inflates
 * @param news2             how old a NEWS2 parameter may be before the score is incomplete
 * @param rules             the rules, ids unique
 * @param session           the phases, doses and observation time of a session
 */
public record AlarmProfile(String name, Duration reminderInterval, Duration audioPause,
                           Map<Priority, Duration> escalateAfter, Duration cuffHoldMax,
                           News2Settings news2, List<AlarmRule> rules, SessionSettings session) {

    public static final Duration DEFAULT_REMINDER = Duration.ofMinutes(2);
    public static final Duration DEFAULT_AUDIO_PAUSE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CUFF_HOLD_MAX = Duration.ofSeconds(60);

    public static Map<Priority, Duration> defaultEscalation() {
        Map<Priority, Duration> escalation = new EnumMap<>(Priority.class);
        escalation.put(Priority.HIGH, Duration.ofSeconds(60));
        escalation.put(Priority.MEDIUM, Duration.ofMinutes(2));
        escalation.put(Priority.LOW, Duration.ofMinutes(5));
        return escalation;
    }

    public AlarmProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reminderInterval, "reminder-interval");
        Objects.requireNonNull(audioPause, "audio-pause");
        Objects.requireNonNull(cuffHoldMax, "cuff-hold-max");
        Objects.requireNonNull(news2, "news2");
        Objects.requireNonNull(session, "session");
        escalateAfter = escalateAfter.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(escalateAfter));
        rules = List.copyOf(rules);
        if (reminderInterval.isNegative() || reminderInterval.isZero()) throw new IllegalArgumentException("reminderInterval must be more than 0");
        if (audioPause.isNegative() || audioPause.isZero()) throw new IllegalArgumentException("audioPause must be more than 0");
        if (cuffHoldMax.isNegative()) throw new IllegalArgumentException("cuffHoldMax must be 0 or more");
        escalateAfter.values().forEach(d -> {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("escalateAfter times must be more than 0");
        });
        Set<String> ids = new HashSet<>();
        for (AlarmRule rule : rules) {
            if (!ids.add(rule.id())) throw new IllegalArgumentException("duplicate rule id " + rule.id());
        }
        for (PhaseOverride override : session.overrides()) {
            AlarmRule rule = rules.stream().filter(r -> r.id().equals(override.ruleId())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("session override of " + override.ruleId() + ": no such rule"));
            if (!(rule instanceof LimitRule limit)) {
                throw new IllegalArgumentException("session override of " + rule.id() + ": only limit rules can be overridden");
            }
            if (override.limit() != null && limit.thresholds().size() != 1) {
                throw new IllegalArgumentException("session override of " + rule.id() + ": limit applies to single-threshold rules only");
            }
        }
    }

    /** A profile with the default timings. */
    public static AlarmProfile of(String name, List<AlarmRule> rules) {
        return new AlarmProfile(name, DEFAULT_REMINDER, DEFAULT_AUDIO_PAUSE, defaultEscalation(),
                DEFAULT_CUFF_HOLD_MAX, News2Settings.DEFAULT, rules, SessionSettings.DEFAULT);
    }

    public Optional<AlarmRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public AlarmProfile withRules(List<AlarmRule> newRules) {
        return new AlarmProfile(name, reminderInterval, audioPause, escalateAfter, cuffHoldMax, news2, newRules, session);
    }

    public AlarmProfile withSession(SessionSettings newSession) {
        return new AlarmProfile(name, reminderInterval, audioPause, escalateAfter, cuffHoldMax, news2, rules, newSession);
    }

    public AlarmProfile withEscalateAfter(Map<Priority, Duration> newEscalation) {
        return new AlarmProfile(name, reminderInterval, audioPause, newEscalation, cuffHoldMax, news2, rules, session);
    }
}
