package org.vigil.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.gateway.hl7.ObservationReportTest.code;
import static org.vigil.gateway.hl7.ObservationReportTest.obx;

import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmChange.Transition;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.VitalSign;

/** The PCD-04 alarm report, parsed back with HAPI and read field by field (IHE PCD TF-2 3.4, ACM). */
class AlertReportTest {

    private static final Instant RAISED = Instant.parse("2026-03-02T10:00:05Z");
    private static final Instant CHANGED = Instant.parse("2026-03-02T10:00:45Z");
    private static final MessageHeader HEADER = new MessageHeader("KCLINIC", "AM", "HOSP");

    private final AlertReport report = new AlertReport(HEADER);

    @Test
    void aRaisedLimitAlarmCarriesItsIdentityTheValueTheLimitsAndTheSevenAcmRows() throws Exception {
        AlarmChange raised = change(Transition.RAISED, spo2Low(AlarmState.ACTIVE, null));

        Terser msg = parse(report.build("a1", CHANGED,
                new AlertReport.Change(raised, VitalSign.SPO2, new VitalLimits(85.0, 88.0, null, null),
                        ObservationReportTest.admitted())));

        assertThat(msg.get("/MSH-9-1") + "^" + msg.get("/MSH-9-2") + "^" + msg.get("/MSH-9-3")).isEqualTo("ORU^R40^ORU_R01");
        assertThat(List.of(msg.get("/MSH-21-1"), msg.get("/MSH-21-3"))).containsExactly("IHE_PCD_ACM_001", "1.3.6.1.4.1.19376.1.6.4.4");
        assertThat(msg.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo("MRN-0042");
        assertThat(msg.get("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3")).isEqualTo("bed-1");
        String obr = "/PATIENT_RESULT/ORDER_OBSERVATION/OBR";
        assertThat(msg.get(obr + "-3-1")).isEqualTo("bed-1/spo2-low/1772445605000");
        assertThat(code(msg, obr + "-4")).isEqualTo("196616^MDC_EVT_ALARM^MDC");
        assertThat(msg.get(obr + "-7")).isEqualTo("20260302100005.000+0000");

        assertThat(rows(msg)).containsExactly(
                "CWE|196616^MDC_EVT_ALARM^MDC|1.1.1.1.1",
                "NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.1.2",
                "ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.1.1.3",
                "ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.1.1.1.4",
                "ST|68483^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC|1.1.1.1.5",
                "ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.1.1.1.6",
                "ST|68485^MDC_ATTR_ALERT_TYPE^MDC|1.1.1.1.7");
        String kind = obx(0);
        assertThat(code(msg, kind + "-5")).isEqualTo("196670^MDC_EVT_LO^MDC");
        assertThat(msg.get(kind + "-5-4")).isEqualTo("spo2-low");
        assertThat(msg.get(kind + "-5-9")).isEqualTo("SpO2 86 < 88");
        assertThat(List.of(msg.get(kind + "-8(0)"), msg.get(kind + "-8(1)"), msg.get(kind + "-8(2)")))
                .containsExactly("L", "PM", "SP");
        assertThat(msg.get(kind + "-11")).isEqualTo("F");
        assertThat(msg.get(kind + "-14")).isEqualTo("20260302100045.000+0000");
        String source = obx(1);
        assertThat(msg.get(source + "-5")).isEqualTo("86");
        assertThat(code(msg, source + "-6")).isEqualTo("262688^MDC_DIM_PERCENT^MDC");
        assertThat(msg.get(source + "-7")).isEqualTo(">88");
        assertThat(msg.get(source + "-8")).isEqualTo("L");
        assertThat(values(msg)).containsExactly("start", "active", "enabled", "PM", "SP");
    }

    @Test
    void acknowledgedEscalatedLatchedAndEndedChangesAreTheirAcmPhasesAndStates() throws Exception {
        assertThat(values(parse(report.build("a2", CHANGED, bedChange(Transition.ACKNOWLEDGED,
                spo2Low(AlarmState.ACKNOWLEDGED, "anna")))))).containsExactly("update", "active", "alert-acknowledged", "PM", "SP");
        assertThat(values(parse(report.build("a3", CHANGED, bedChange(Transition.ESCALATED,
                spo2Low(AlarmState.ACTIVE, null)))))).containsExactly("escalate", "active", "enabled", "PM", "SP");
        assertThat(values(parse(report.build("a4", CHANGED, bedChange(Transition.LATCHED,
                spo2Low(AlarmState.LATCHED, null)))))).containsExactly("continue", "latched", "enabled", "PM", "SP");
        assertThat(values(parse(report.build("a5", CHANGED, bedChange(Transition.ENDED,
                spo2Low(AlarmState.ENDED, null)))))).containsExactly("end", "inactive", "enabled", "PM", "SP");
    }

    @Test
    void aTechnicalAlarmOfTheGatewayNamesItsSourceAndHasNoPatient() throws Exception {
        Alarm technical = new Alarm("gateway/storage-failing/1772445605000", "gateway", "storage-failing", Category.TECHNICAL,
                Priority.HIGH, AlarmState.ACTIVE, Double.NaN, Double.NaN, "Vital signs cannot be stored", RAISED, CHANGED,
                null, false, true);

        Terser msg = parse(report.build("a6", CHANGED,
                new AlertReport.Change(change(Transition.RAISED, technical), null, null, null)));

        assertThat(msg.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isNull();
        assertThat(rows(msg).get(1)).isEqualTo("ST|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.0.0.0.2");
        assertThat(msg.get(obx(1) + "-5")).isEqualTo("gateway");
        assertThat(code(msg, obx(0) + "-5")).isEqualTo("196616^MDC_EVT_ALARM^MDC");
        assertThat(msg.get(obx(0) + "-5-9")).isEqualTo("Vital signs cannot be stored");
        assertThat(values(msg)).containsExactly("start", "active", "enabled", "PH", "ST");
    }

    private static AlertReport.Change bedChange(Transition transition, Alarm alarm) {
        return new AlertReport.Change(change(transition, alarm), VitalSign.SPO2, null, ObservationReportTest.admitted());
    }

    private static AlarmChange change(Transition transition, Alarm alarm) {
        return new AlarmChange(transition, alarm, null);
    }

    private static Alarm spo2Low(AlarmState state, String acknowledgedBy) {
        return new Alarm("bed-1/spo2-low/" + RAISED.toEpochMilli(), "bed-1", "spo2-low", Category.PHYSIOLOGICAL,
                Priority.MEDIUM, state, 86, 88, "SpO2 86 < 88", RAISED, CHANGED, acknowledgedBy, false, true);
    }

    private static Terser parse(String er7) throws Exception {
        return new Terser(Hl7Context.get().getPipeParser().parse(er7));
    }

    private static List<String> rows(Terser msg) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int row = 0; msg.get(obx(row) + "-1") != null; row++) {
            rows.add(msg.get(obx(row) + "-2") + "|" + code(msg, obx(row) + "-3") + "|" + msg.get(obx(row) + "-4"));
        }
        return rows;
    }

    /** OBX-5 of the phase, state, inactivation, priority and type rows. */
    private static List<String> values(Terser msg) throws Exception {
        List<String> values = new ArrayList<>();
        for (int row = 2; row < 7; row++) values.add(msg.get(obx(row) + "-5"));
        return values;
    }
}
