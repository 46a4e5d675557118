package org.vigil.gateway.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigil.alerting.profile.BpDueRule;

/**
 * When a session's blood pressure is due: once at check-in (before the dose), then at the profile's
 * bp-due times after the dose (clinic protocol: about 40 min after, then every 15 min to 2 h; the
 * esketamine label asks for BP before dosing, at about 40 minutes, and as warranted after).
 *
 * @param grace how far either side of a due time a reading counts
 */
public record BpSchedule(List<Due> times, Duration grace) {

    /** One due reading; {@code label} is "pre-dose" or the minutes after the dose, e.g. "+40 min". */
    public record Due(String label, Instant at) {
    }

    /** A profile without a bp-due rule: pre-dose at check-in, +40 min, then every 15 min to 2 h, 5 min either side. */
    static final BpDueRule FALLBACK = new BpDueRule("bp-due", "BP due", true, Duration.ofMinutes(30), Duration.ofMinutes(40),
            Duration.ofMinutes(15), Duration.ofHours(2), Duration.ofMinutes(5), org.vigil.alerting.Priority.LOW, false);

    public static BpSchedule of(ChairSession session, BpDueRule rule) {
        List<Due> times = new ArrayList<>();
        times.add(new Due("pre-dose", session.checkedInAt()));
        session.doseTime().ifPresent(dose -> {
            for (Duration offset : rule.offsets()) times.add(new Due("+" + offset.toMinutes() + " min", dose.plus(offset)));
        });
        return new BpSchedule(times, rule.grace());
    }

    /** The latest due time that has come by {@code now}. */
    public Optional<Due> latestDue(Instant now) {
        Due latest = null;
        for (Due due : times) {
            if (!due.at().isAfter(now)) latest = due;
        }
        return Optional.ofNullable(latest);
    }

    /** The first due time after {@code now}. */
    public Optional<Due> next(Instant now) {
        return times.stream().filter(due -> due.at().isAfter(now)).findFirst();
    }
}
