package org.vigil.gateway.hl7;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.gateway.fhir.Chartable;
import org.vigil.gateway.fhir.ChartingListener;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Turns what the recorder charts into PCD-01 messages: one ORU^R01 per bed per charting interval
 * with the representative value of each vital, and one for every NIBP measurement and every reading
 * that raised an alarm, as FHIR charting does. Runs on the recorder's thread; the messages are in
 * the outbox when it returns, in the order they were charted.
 */
final class Hl7Charting implements ChartingListener {

    private record Interval(String bedId, long index) {
    }

    private record Pending(Occupancy occupancy, List<ObservationReport.Metric> metrics) {
    }

    private final Hl7Messages messages;
    private final Hl7Patients patients;
    private final long intervalMillis;
    private final Clock clock;
    private final Map<Interval, Pending> open = new LinkedHashMap<>();

    Hl7Charting(Hl7Messages messages, Hl7Patients patients, Duration chartingInterval, Clock clock) {
        this.messages = messages;
        this.patients = patients;
        this.intervalMillis = chartingInterval.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void charted(String bedId, Occupancy occupancy, Chartable chartable, Map<VitalSign, VitalLimits> limits) {
        if (chartable instanceof Chartable.Single single && single.reason() == Chartable.Reason.INTERVAL) {
            Reading reading = single.reading();
            long index = Math.floorDiv(reading.effectiveTime().toEpochMilli(), intervalMillis);
            open.computeIfAbsent(new Interval(bedId, index), key -> new Pending(occupancy, new ArrayList<>()))
                    .metrics().add(new ObservationReport.Metric(reading, limits.get(reading.vital())));
            return;
        }
        List<ObservationReport.Metric> metrics = new ArrayList<>();
        if (chartable instanceof Chartable.Single single) {
            metrics.add(new ObservationReport.Metric(single.reading(), limits.get(single.reading().vital())));
        } else if (chartable instanceof Chartable.BloodPressure bp) {
            for (Reading reading : new Reading[] {bp.systolic(), bp.diastolic(), bp.mean()}) {
                if (reading != null) metrics.add(new ObservationReport.Metric(reading, limits.get(reading.vital())));
            }
        }
        messages.observations(bedId, patients.of(occupancy), metrics, clock.instant());
    }

    @Override
    public void intervalsClosed(Instant now) {
        Iterator<Map.Entry<Interval, Pending>> intervals = open.entrySet().iterator();
        while (intervals.hasNext()) {
            Map.Entry<Interval, Pending> interval = intervals.next();
            if ((interval.getKey().index() + 1) * intervalMillis > now.toEpochMilli()) continue;
            intervals.remove();
            Pending pending = interval.getValue();
            messages.observations(interval.getKey().bedId(), patients.of(pending.occupancy()), pending.metrics(), now);
        }
    }
}
