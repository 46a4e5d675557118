package org.vigil.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/** The PCD-01 message, parsed back with HAPI's v2.6 structures and read field by field (IHE PCD TF-2 3.1). */
class ObservationReportTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:01:00.250Z");
    private static final Instant MEASURED = Instant.parse("2026-03-02T10:00:30Z");
    private static final MessageHeader HEADER = new MessageHeader("KCLINIC", "EHR", "HOSP");

    private final ObservationReport report = new ObservationReport(HEADER);

    @Test
    void theHeaderNamesTheMessageTypeVersionAcknowledgementAndTheIhePcd01Profile() throws Exception {
        Terser msg = parse(report.build("c0ffee", AT, admitted(), "bed-1", List.of(spo2(97, VitalLimits.of(90, 100)))));

        assertThat(msg.get("/MSH-3-1")).isEqualTo("VIGIL");
        assertThat(msg.get("/MSH-4-1")).isEqualTo("KCLINIC");
        assertThat(msg.get("/MSH-5-1")).isEqualTo("EHR");
        assertThat(msg.get("/MSH-6-1")).isEqualTo("HOSP");
        assertThat(msg.get("/MSH-7")).isEqualTo("20260302100100.250+0000");
        assertThat(msg.get("/MSH-9-1") + "^" + msg.get("/MSH-9-2") + "^" + msg.get("/MSH-9-3")).isEqualTo("ORU^R01^ORU_R01");
        assertThat(msg.get("/MSH-10")).isEqualTo("c0ffee");
        assertThat(msg.get("/MSH-11-1")).isEqualTo("P");
        assertThat(msg.get("/MSH-12-1")).isEqualTo("2.6");
        assertThat(msg.get("/MSH-15")).isEqualTo("AL");
        assertThat(msg.get("/MSH-16")).isEqualTo("NE");
        assertThat(List.of(msg.get("/MSH-21-1"), msg.get("/MSH-21-2"), msg.get("/MSH-21-3"), msg.get("/MSH-21-4")))
                .containsExactly("IHE_PCD_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.1.1", "ISO");
    }

    @Test
    void anAdmittedPatientIsSentWithMrnAuthorityNameAndBirthDateAndTheBedAsLocation() throws Exception {
        Terser msg = parse(report.build("c1", AT, admitted(), "bed-1", List.of(spo2(97, null))));

        String pid = "/PATIENT_RESULT/PATIENT/PID";
        assertThat(msg.get(pid + "-3-1")).isEqualTo("MRN-0042");
        assertThat(msg.get(pid + "-3-4-2")).isEqualTo("1.2.3.4");
        assertThat(msg.get(pid + "-3-4-3")).isEqualTo("ISO");
        assertThat(msg.get(pid + "-3-5")).isEqualTo("MR");
        assertThat(msg.get(pid + "-5-1")).isEqualTo("Doe");
        assertThat(msg.get(pid + "-5-2")).isEqualTo("Jane");
        assertThat(msg.get(pid + "-7")).isEqualTo("19800214");
        String pv1 = "/PATIENT_RESULT/PATIENT/VISIT/PV1";
        assertThat(msg.get(pv1 + "-2")).isEqualTo("O");
        assertThat(msg.get(pv1 + "-3-3")).isEqualTo("bed-1");
        assertThat(msg.get(pv1 + "-3-4")).isEqualTo("KCLINIC");
    }

    @Test
    void anUnidentifiedPatientIsSentUnderVigilsAuthorityWithUnspecifiedTypes() throws Exception {
        Terser msg = parse(report.build("c2", AT, Hl7Patient.unidentified("occ-1"), "bed-2", List.of(spo2(97, null))));

        String pid = "/PATIENT_RESULT/PATIENT/PID";
        assertThat(msg.get(pid + "-3-1")).isEqualTo("occ-1");
        assertThat(msg.get(pid + "-3-4-1")).isEqualTo("VIGIL");
        assertThat(msg.get(pid + "-3-5")).isEqualTo("U");
        assertThat(msg.get(pid + "-5-1")).isNull();
        assertThat(msg.get(pid + "-5-7")).isEqualTo("U");
    }

    @Test
    void theObrIsTheMonitoringObservationWithAUniqueFillerNumberAndTheObservationTime() throws Exception {
        Terser msg = parse(report.build("c3", AT, admitted(), "bed-1", List.of(spo2(97, null))));

        String obr = "/PATIENT_RESULT/ORDER_OBSERVATION/OBR";
        assertThat(msg.get(obr + "-3-1")).isEqualTo("c3");
        assertThat(msg.get(obr + "-4-1") + "^" + msg.get(obr + "-4-2") + "^" + msg.get(obr + "-4-3"))
                .isEqualTo("182777000^monitoring of patient^SCT");
        assertThat(msg.get(obr + "-7")).isEqualTo("20260302100030.000+0000");
    }

    @Test
    void eachDeviceIsAnMdsWithItsVmdChannelAndMetricRowsInContainmentOrder() throws Exception {
        List<ObservationReport.Metric> metrics = List.of(
                pulse(72, VitalLimits.of(50, 120)), spo2(86, new VitalLimits(85.0, 90.0, null, null)),
                bp(VitalSign.BP_SYS, 150, VitalLimits.of(90, 140)), bp(VitalSign.BP_DIA, 80, VitalLimits.of(50, 90)),
                bp(VitalSign.BP_MEAN, 103, null));

        Terser msg = parse(report.build("c4", AT, admitted(), "bed-1", metrics));

        assertThat(rows(msg, 3, 4)).containsExactly(
                "69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0",
                "69642^MDC_DEV_ANALY_SAT_O2_VMD^MDC|1.1.0.0",
                "69643^MDC_DEV_ANALY_SAT_O2_CHAN^MDC|1.1.1.0",
                "150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.1",
                "149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.1.1.2",
                "69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|2.0.0.0",
                "69854^MDC_DEV_METER_PRESS_BLD_VMD^MDC|2.2.0.0",
                "69855^MDC_DEV_METER_PRESS_BLD_CHAN^MDC|2.2.1.0",
                "150021^MDC_PRESS_BLD_NONINV_SYS^MDC|2.2.1.1",
                "150022^MDC_PRESS_BLD_NONINV_DIA^MDC|2.2.1.2",
                "150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|2.2.1.3");
        String mds = obx(0);
        assertThat(msg.get(mds + "-1")).isEqualTo("1");
        assertThat(msg.get(mds + "-11")).isEqualTo("X");
        assertThat(msg.get(mds + "-18-1")).isEqualTo("bed-1-oximeter");
        assertThat(msg.get(mds + "-18-2")).isEqualTo("VIGIL");
        assertThat(msg.get(obx(10) + "-1")).isEqualTo("11");
    }

    @Test
    void aMetricRowCarriesValueMdcUnitRangeAbnormalFlagStatusTimeAndDevice() throws Exception {
        List<ObservationReport.Metric> metrics = List.of(spo2(86, new VitalLimits(85.0, 90.0, null, null)),
                pulse(72, VitalLimits.of(50, 120)), bp(VitalSign.BP_SYS, 150, VitalLimits.of(90, 140)));

        Terser msg = parse(report.build("c5", AT, admitted(), "bed-1", metrics));

        String spo2 = obx(3);
        assertThat(msg.get(spo2 + "-2")).isEqualTo("NM");
        assertThat(msg.get(spo2 + "-5")).isEqualTo("86");
        assertThat(code(msg, spo2 + "-6")).isEqualTo("262688^MDC_DIM_PERCENT^MDC");
        assertThat(msg.get(spo2 + "-7")).isEqualTo(">90");
        assertThat(msg.get(spo2 + "-8")).isEqualTo("L");
        assertThat(msg.get(spo2 + "-11")).isEqualTo("R");
        assertThat(msg.get(spo2 + "-14")).isEqualTo("20260302100030.000+0000");
        assertThat(msg.get(spo2 + "-18-1")).isEqualTo("bed-1-oximeter");
        String pulse = obx(4);
        assertThat(code(msg, pulse + "-6")).isEqualTo("264864^MDC_DIM_BEAT_PER_MIN^MDC");
        assertThat(msg.get(pulse + "-7")).isEqualTo("50-120");
        assertThat(msg.get(pulse + "-8")).isEqualTo("N");
        String systolic = obx(8);
        assertThat(msg.get(systolic + "-5")).isEqualTo("150");
        assertThat(code(msg, systolic + "-6")).isEqualTo("266016^MDC_DIM_MMHG^MDC");
        assertThat(msg.get(systolic + "-8")).isEqualTo("H");
        assertThat(msg.get(systolic + "-18-1")).isEqualTo("bed-1-cuff");
    }

    @Test
    void aReadingWithoutAUsableValueIsSentWithoutValueAndWithResultStatusX() throws Exception {
        Reading sensorOff = new Reading("bed-1-oximeter", VitalSign.SPO2, Double.NaN, "%", MEASURED, MEASURED,
                Quality.of(Quality.Flag.SENSOR_OFF));

        Terser msg = parse(report.build("c6", AT, admitted(), "bed-1", List.of(new ObservationReport.Metric(sensorOff, null))));

        String row = obx(3);
        assertThat(msg.get(row + "-2")).isNull();
        assertThat(msg.get(row + "-5")).isNull();
        assertThat(msg.get(row + "-11")).isEqualTo("X");
    }

    private static Terser parse(String er7) throws Exception {
        Message message = Hl7Context.get().getPipeParser().parse(er7);
        assertThat(message).isInstanceOf(ORU_R01.class);
        return new Terser(message);
    }

    static String obx(int row) {
        return "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + row + ")/OBX";
    }

    private static List<String> rows(Terser msg, int... fields) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (int row = 0; msg.get(obx(row) + "-1") != null; row++) {
            rows.add(code(msg, obx(row) + "-3") + "|" + msg.get(obx(row) + "-4"));
        }
        return rows;
    }

    static String code(Terser msg, String field) throws Exception {
        return msg.get(field + "-1") + "^" + msg.get(field + "-2") + "^" + msg.get(field + "-3");
    }

    static Hl7Patient admitted() {
        return Hl7Patient.admitted("MRN-0042", "urn:oid:1.2.3.4", "Doe", "Jane", LocalDate.of(1980, 2, 14));
    }

    private static ObservationReport.Metric spo2(double value, VitalLimits limits) {
        return metric("bed-1-oximeter", VitalSign.SPO2, value, limits);
    }

    private static ObservationReport.Metric pulse(double value, VitalLimits limits) {
        return metric("bed-1-oximeter", VitalSign.PULSE_RATE, value, limits);
    }

    private static ObservationReport.Metric bp(VitalSign vital, double value, VitalLimits limits) {
        return metric("bed-1-cuff", vital, value, limits);
    }

    private static ObservationReport.Metric metric(String device, VitalSign vital, double value, VitalLimits limits) {
        return new ObservationReport.Metric(new Reading(device, vital, value, vital.ucum(), MEASURED, MEASURED, Quality.VALID), limits);
    }
}
