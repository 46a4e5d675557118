package org.vigil.gateway.alarms;

import java.util.Map;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.Category;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.Threshold;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * What a physiological limit alarm is about: the vital it watches and the reading whose value
 * raised it. A rule may watch several vitals (SBP or DBP); the one whose latest value is the
 * alarm's is the source. Call on the bed's executor, where the latest readings are the alarm's.
 */
public final class AlarmSources {

    private final Ward ward;
    private final Map<String, AlarmProfile> profiles;

    public AlarmSources(Ward ward, Map<String, AlarmProfile> profiles) {
        this.ward = ward;
        this.profiles = profiles;
    }

    /** The usable latest reading whose value is the alarm's, or {@code null}. */
    public Reading triggeringReading(AlarmChange change) {
        LimitRule limit = limitRule(change);
        if (limit == null) return null;
        BedState bed = ward.bed(change.bedId()).orElseThrow();
        for (Threshold threshold : limit.thresholds()) {
            Reading latest = bed.latest(threshold.vital());
            if (latest != null && latest.isUsable() && latest.value() == change.alarm().value()) return latest;
        }
        return null;
    }

    /** The vital of the triggering reading, else the rule's first vital; {@code null} for other alarms. */
    public VitalSign vitalOf(AlarmChange change) {
        LimitRule limit = limitRule(change);
        if (limit == null || limit.thresholds().isEmpty()) return null;
        Reading triggering = triggeringReading(change);
        return triggering != null ? triggering.vital() : limit.thresholds().get(0).vital();
    }

    private LimitRule limitRule(AlarmChange change) {
        if (change.alarm().category() != Category.PHYSIOLOGICAL || Double.isNaN(change.alarm().value())) return null;
        BedState bed = ward.bed(change.bedId()).orElse(null);
        if (bed == null) return null;
        AlarmProfile profile = profiles.get(bed.config().alarmProfile());
        AlarmRule rule = profile == null ? null : profile.rule(change.alarm().ruleId()).orElse(null);
        return rule instanceof LimitRule limit ? limit : null;
    }
}
