package org.vigil.gateway.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.BedSettings;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.DeviceConfig;

/**
 * Sets up each bed's alarms and brings back what the alarm log says was in force when the gateway
 * last stopped: latched alarms are restored with their acknowledgement; every other alarm left
 * open ended with the old gateway, and its end is logged so the log does not show it open for ever.
 */
final class AlarmRestore {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmRestore.class);

    private final AlarmEngine engine;
    private final AlarmLog log;
    private final BedLimits limits;
    private final Clock clock;

    AlarmRestore(AlarmEngine engine, AlarmLog log, BedLimits limits, Clock clock) {
        this.engine = engine;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
    }

    void restore(Ward ward, Map<String, AlarmProfile> profiles) {
        Instant now = clock.instant();
        List<AlarmView> unended = log.unended();
        Set<String> restored = new HashSet<>();
        for (BedState bed : ward.beds()) {
            AlarmProfile profile = profiles.get(bed.config().alarmProfile());
            BedAlarms alarms = engine.addBed(bed.id(), profile, new BedSettings(bed.config().cuffSameLimbAsSpo2()));
            for (DeviceConfig device : bed.config().devices()) {
                engine.assignDevice(device.id(), bed.id());
            }
            limits.update(bed.id(), profile.rules());
            List<Alarm> persisted = unended.stream().filter(a -> a.bed().equals(bed.id())).map(AlarmRestore::alarmOf).toList();
            if (!persisted.isEmpty()) {
                alarms.restore(persisted, now).forEach(alarm -> restored.add(alarm.id()));
            }
        }
        if (!restored.isEmpty()) LOG.info("Restored {} latched alarms from the alarm log", restored.size());
        unended.stream().filter(alarm -> !restored.contains(alarm.id())).forEach(alarm -> endInLog(alarm, now));
    }

    private void endInLog(AlarmView alarm, Instant now) {
        try {
            log.record(new AlarmView(alarm.id(), alarm.bed(), alarm.rule(), alarm.category(), alarm.priority(),
                    AlarmState.ENDED.name(), alarm.value(), alarm.limit(), alarm.message() + " (ended by a gateway restart)",
                    alarm.raisedAt(), now, alarm.acknowledgedBy(), alarm.escalated(), false,
                    AlarmChange.Transition.ENDED.name(), null));
        } catch (RuntimeException e) {
            LOG.error("Alarm log write failed while closing {} at start-up", alarm.id(), e);
        }
    }

    static Alarm alarmOf(AlarmView view) {
        return new Alarm(view.id(), view.bed(), view.rule(), Category.valueOf(view.category()),
                Priority.valueOf(view.priority()), AlarmState.valueOf(view.state()),
                view.value() == null ? Double.NaN : view.value(), view.limit() == null ? Double.NaN : view.limit(),
                view.message(), view.raisedAt(), view.changedAt(), view.acknowledgedBy(), view.escalated(),
                view.audible());
    }
}
