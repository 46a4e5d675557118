package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

/**
 * Builds the IHE PCD-04 Report Alert message (IHE PCD TF-2 section 3.4, Alert Communication
 * Management; ORU^R40^ORU_R01, HL7 v2.6) of one alarm state change: OBR-3 the alarm's identity, so an
 * alert manager correlates its updates, and the seven ACM OBX rows: alert kind, source (the metric
 * with its value and limits, or the alert source), event phase, alarm state, inactivation state,
 * priority and alert type.
 */
public final class AlertReport {

    /** MSH-21: IHE PCD ACM, PCD-04. */
    static final String PROFILE = "IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4^ISO";
    /** MDC_EVT_ALARM: the alert kind row, and OBR-4. */
    static final String EVT_ALARM = "196616^MDC_EVT_ALARM^MDC";
    /** MDC_EVT_HI, MDC_EVT_LO: a value above or below its limit (IEEE 11073-10101 partition 3). */
    static final String EVT_HI = "196648^MDC_EVT_HI^MDC";
    static final String EVT_LO = "196670^MDC_EVT_LO^MDC";
    static final String ALERT_SOURCE = "68480^MDC_ATTR_ALERT_SOURCE^MDC";
    static final String EVENT_PHASE = "68481^MDC_ATTR_EVENT_PHASE^MDC";
    static final String ALARM_STATE = "68482^MDC_ATTR_ALARM_STATE^MDC";
    static final String INACTIVATION_STATE = "68483^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC";
    static final String PRIORITY = "68484^MDC_ATTR_ALARM_PRIORITY^MDC";
    static final String ALERT_TYPE = "68485^MDC_ATTR_ALERT_TYPE^MDC";

    /**
     * One alarm change and what it is about.
     *
     * @param vital  the vital whose value raised it, {@code null} for technical and NEWS2 alarms
     * @param limits the limits in force for that vital, {@code null} where unknown
     * @param patient the bed's patient, {@code null} for the gateway's own alarms
     */
    public record Change(AlarmChange change, VitalSign vital, VitalLimits limits, Hl7Patient patient) {
    }

    private final MessageHeader header;

    AlertReport(MessageHeader header) {
        this.header = header;
    }

    public String build(String controlId, Instant sentAt, Change report) {
        Alarm alarm = report.change().alarm();
        try {
            ORU_R01 message = new ORU_R01();
            Terser terser = new Terser(message);
            header.fill(terser, "R40", "ORU_R01", controlId, sentAt, PROFILE);
            String group = "/PATIENT_RESULT";
            if (report.patient() != null) {
                PatientSegments.fill(terser, group, report.patient(), alarm.bedId(), header.sendingFacility());
            }
            String order = group + "/ORDER_OBSERVATION";
            terser.set(order + "/OBR-1", "1");
            terser.set(order + "/OBR-3-1", alarm.id());
            terser.set(order + "/OBR-3-2", MessageHeader.SENDING_APPLICATION);
            Fields.set(terser, order + "/OBR-4", EVT_ALARM);
            terser.set(order + "/OBR-7", Hl7Time.of(alarm.raisedAt()));
            terser.set(order + "/OBR-8", Hl7Time.of(alarm.changedAt()));

            boolean measured = report.vital() != null && !Double.isNaN(alarm.value());
            String source = measured ? MdcContainment.metricId(1, report.vital()) : "1.0.0.0";
            String abnormal = measured ? (alarm.value() < alarm.limit() ? "L" : "H") : null;
            Instant at = alarm.changedAt();

            String kind = row(terser, order, 0, "CWE", EVT_ALARM, source + ".1", at);
            String event = measured ? (abnormal.equals("L") ? EVT_LO : EVT_HI) : EVT_ALARM;
            Fields.set(terser, kind + "-5", event + "^" + alarm.ruleId() + "^^L");
            terser.set(kind + "-5-9", alarm.message());
            int flag = 0;
            if (abnormal != null) terser.set(kind + "-8(" + flag++ + ")", abnormal);
            terser.set(kind + "-8(" + flag++ + ")", priority(alarm));
            terser.set(kind + "-8(" + flag + ")", alertType(alarm));

            if (measured) {
                String value = row(terser, order, 1, "NM", MdcContainment.metricCode(report.vital()), source + ".2", at);
                terser.set(value + "-5", ObservationReport.number(alarm.value()));
                Fields.set(terser, value + "-6", MdcContainment.unit(report.vital()));
                // OBX-7: the limit this alarm crossed; the limits in force where the alarm has none.
                String range = !Double.isNaN(alarm.limit())
                        ? (abnormal.equals("L") ? ">" : "<") + ObservationReport.number(alarm.limit())
                        : report.limits() == null ? null : ObservationReport.range(report.limits());
                if (range != null) terser.set(value + "-7", range);
                terser.set(value + "-8", abnormal);
            } else {
                String value = row(terser, order, 1, "ST", ALERT_SOURCE, source + ".2", at);
                terser.set(value + "-5", alarm.bedId());
            }
            terser.set(row(terser, order, 2, "ST", EVENT_PHASE, source + ".3", at) + "-5", phase(report.change()));
            terser.set(row(terser, order, 3, "ST", ALARM_STATE, source + ".4", at) + "-5", state(alarm));
            terser.set(row(terser, order, 4, "ST", INACTIVATION_STATE, source + ".5", at) + "-5", inactivation(report.change()));
            terser.set(row(terser, order, 5, "ST", PRIORITY, source + ".6", at) + "-5", priority(alarm));
            terser.set(row(terser, order, 6, "ST", ALERT_TYPE, source + ".7", at) + "-5", alertType(alarm));
            return message.encode();
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot build PCD-04 message: " + e.getMessage(), e);
        }
    }

    private static String row(Terser terser, String order, int index, String type, String code, String subId, Instant at)
            throws HL7Exception {
        String obx = order + "/OBSERVATION(" + index + ")/OBX";
        terser.set(obx + "-1", Integer.toString(index + 1));
        terser.set(obx + "-2", type);
        Fields.set(terser, obx + "-3", code);
        terser.set(obx + "-4", subId);
        // F: an alarm report is what the alarm system decided, not a value awaiting verification.
        terser.set(obx + "-11", "F");
        terser.set(obx + "-14", Hl7Time.of(at));
        return obx;
    }

    /** ACM event phase: start, continue, update, escalate, end, present. */
    static String phase(AlarmChange change) {
        return switch (change.transition()) {
            case RAISED, REACTIVATED -> "start";
            case LATCHED, REMINDED, AUDIO_RESUMED -> "continue";
            case ACKNOWLEDGED, AUDIO_PAUSED -> "update";
            case ESCALATED -> "escalate";
            case ENDED -> "end";
            case RESTORED -> "present";
        };
    }

    /** ACM alarm state: active, latched (condition over, awaiting acknowledgement) or inactive. */
    static String state(Alarm alarm) {
        if (alarm.state() == AlarmState.ENDED) return "inactive";
        return alarm.state() == AlarmState.LATCHED ? "latched" : "active";
    }

    /** ACM inactivation state: enabled, audio-paused or alert-acknowledged. */
    static String inactivation(AlarmChange change) {
        if (change.transition() == AlarmChange.Transition.AUDIO_PAUSED) return "audio-paused";
        return change.alarm().acknowledgedBy() != null || change.alarm().state() == AlarmState.ACKNOWLEDGED
                ? "alert-acknowledged" : "enabled";
    }

    /** ACM priority: PH, PM, PL, or PN for an informational alarm. */
    static String priority(Alarm alarm) {
        return switch (alarm.priority()) {
            case HIGH -> "PH";
            case MEDIUM -> "PM";
            case LOW -> "PL";
            case INFORMATIONAL -> "PN";
        };
    }

    /** ACM alert type: SP physiological, ST technical. */
    static String alertType(Alarm alarm) {
        return alarm.category() == Category.PHYSIOLOGICAL ? "SP" : "ST";
    }
}
