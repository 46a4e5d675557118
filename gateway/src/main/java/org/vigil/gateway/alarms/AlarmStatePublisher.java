package org.vigil.gateway.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.AlarmChange;
import org.vigil.gateway.Json;

/**
 * Tells pagers and nurse-call bridges about alarms over MQTT: {@code vigil/alarms/{bed}} carries
 * the bed's current alarms (retained, so a bridge that connects late sees them), and
 * {@code vigil/alarms/{bed}/escalations} each escalation.
 */
final class AlarmStatePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmStatePublisher.class);

    private final AlarmPublisher mqtt;
    private final Clock clock;

    AlarmStatePublisher(AlarmPublisher mqtt, Clock clock) {
        this.mqtt = mqtt;
        this.clock = clock;
    }

    void changed(String bedId, AlarmChange change, AlarmView view, List<AlarmView> inForce) {
        try {
            byte[] state = Json.MAPPER.writeValueAsBytes(Map.of("bed", bedId, "time", clock.instant(), "alarms", inForce));
            mqtt.publish("vigil/alarms/" + bedId, state, 1, true).exceptionally(e -> {
                LOG.warn("Alarm state for {} not published to MQTT: {}", bedId, e.toString());
                return null;
            });
            if (change.transition() == AlarmChange.Transition.ESCALATED) {
                mqtt.publish("vigil/alarms/" + bedId + "/escalations", Json.MAPPER.writeValueAsBytes(view), 1, false)
                        .exceptionally(e -> {
                            LOG.warn("Escalation of {} not published to MQTT: {}", view.id(), e.toString());
                            return null;
                        });
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Alarm state of {} not published to MQTT: {}", bedId, e.toString());
        }
    }
}
