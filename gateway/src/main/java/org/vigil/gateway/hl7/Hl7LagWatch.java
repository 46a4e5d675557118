package org.vigil.gateway.hl7;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Priority;
import org.vigil.gateway.alarms.TechnicalAlarms;
import org.vigil.gateway.config.Hl7Kind;
import org.vigil.gateway.storage.Hl7OutboxRepository;

/**
 * Raises {@code hl7-failing-NAME} once the oldest unsent message of a destination is older than
 * its {@code lag-alarm}, and clears it when the destination has caught up. Alarm reports that do
 * not reach the alert manager are a high-priority condition, observations that do not reach the
 * EHR a low one (like the FHIR export's {@code export-failing}).
 */
final class Hl7LagWatch extends AbstractScheduledService {

    private static final Logger LOG = LoggerFactory.getLogger(Hl7LagWatch.class);

    static final Duration CHECK_PERIOD = Duration.ofSeconds(5);
    static final String ALARM_PREFIX = "hl7-failing-";

    private final List<MllpSender> senders;
    private final Hl7OutboxRepository outbox;
    private final TechnicalAlarms alarms;
    private final Clock clock;

    Hl7LagWatch(List<MllpSender> senders, Hl7OutboxRepository outbox, TechnicalAlarms alarms, Clock clock) {
        this.senders = List.copyOf(senders);
        this.outbox = outbox;
        this.alarms = alarms;
        this.clock = clock;
    }

    static String alarmCode(String destination) {
        return ALARM_PREFIX + destination;
    }

    @Override
    protected void runOneIteration() {
        for (MllpSender sender : senders) {
            try {
                check(sender);
            } catch (RuntimeException e) {
                LOG.debug("HL7 lag not read for {}: {}", sender.destination().name(), e.toString());
            }
        }
    }

    private void check(MllpSender sender) {
        var destination = sender.destination();
        Duration lag = outbox.backlog(destination.name()).oldestAge(clock.instant());
        String code = alarmCode(destination.name());
        if (lag.compareTo(destination.lagAlarm().duration()) > 0) {
            Priority priority = destination.kind() == Hl7Kind.PCD_04 ? Priority.HIGH : Priority.LOW;
            String what = destination.kind() == Hl7Kind.PCD_04 ? "Alarm reports" : "Observations";
            alarms.raise(code, priority, what + " to HL7 destination " + destination.name() + " are "
                    + describe(lag) + " behind: " + sender.status().lastError());
        } else {
            alarms.clear(code);
        }
    }

    private static String describe(Duration lag) {
        return lag.toMinutes() > 0 ? lag.toMinutes() + " min" : lag.toSeconds() + " s";
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedDelaySchedule(CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "HL7 lag watch";
    }
}
