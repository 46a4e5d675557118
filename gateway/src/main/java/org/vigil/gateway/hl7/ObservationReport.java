package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Builds the IHE PCD-01 Communicate PCD Data message (IHE PCD TF-2 section 3.1, ORU^R01^ORU_R01,
 * HL7 v2.6) of one bed: PID and PV1 of its patient, one OBR for the monitoring observation, and per
 * device the MDS, VMD and channel rows followed by the metric rows (OBX-4 containment).
 */
public final class ObservationReport {

    /** MSH-21: IHE PCD DEC, PCD-01. */
    static final String PROFILE = "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO";
    /** OBR-4: SNOMED CT 182777000 "monitoring of patient". */
    static final String MONITORING = "182777000^monitoring of patient^SCT";
    /** OBX-18 namespace of a device known by its configured id only (no EUI-64). */
    static final String DEVICE_NAMESPACE = "VIGIL";

    /** One charted value and the limits in force for it, {@code null} where none are known. */
    public record Metric(Reading reading, VitalLimits limits) {
        public Metric {
            Objects.requireNonNull(reading, "reading");
        }
    }

    private final MessageHeader header;

    ObservationReport(MessageHeader header) {
        this.header = header;
    }

    /** The message in ER7 encoding. */
    public String build(String controlId, Instant sentAt, Hl7Patient patient, String bedId, List<Metric> metrics) {
        if (metrics.isEmpty()) throw new IllegalArgumentException("a PCD-01 message needs at least one metric");
        try {
            ORU_R01 message = new ORU_R01();
            Terser terser = new Terser(message);
            header.fill(terser, "R01", "ORU_R01", controlId, sentAt, PROFILE);
            PatientSegments.fill(terser, "/PATIENT_RESULT", patient, bedId, header.sendingFacility());
            String order = "/PATIENT_RESULT/ORDER_OBSERVATION";
            terser.set(order + "/OBR-1", "1");
            terser.set(order + "/OBR-3-1", controlId);
            terser.set(order + "/OBR-3-2", MessageHeader.SENDING_APPLICATION);
            Fields.set(terser, order + "/OBR-4", MONITORING);
            terser.set(order + "/OBR-7", Hl7Time.of(latest(metrics)));
            Rows rows = new Rows(terser, order);
            int mds = 0;
            for (Map.Entry<String, List<Metric>> device : byDevice(metrics).entrySet()) {
                mds++;
                deviceRows(rows, mds, device.getKey(), device.getValue());
            }
            return message.encode();
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot build PCD-01 message: " + e.getMessage(), e);
        }
    }

    private static void deviceRows(Rows rows, int mds, String deviceId, List<Metric> metrics) throws HL7Exception {
        String equipment = deviceId + "^" + DEVICE_NAMESPACE;
        rows.device(MdcContainment.MDS, mds + ".0.0.0", equipment);
        MdcContainment open = null;
        List<Metric> sorted = new ArrayList<>(metrics);
        sorted.sort((a, b) -> MdcContainment.metricId(mds, a.reading().vital())
                .compareTo(MdcContainment.metricId(mds, b.reading().vital())));
        for (Metric metric : sorted) {
            MdcContainment place = MdcContainment.of(metric.reading().vital());
            if (place != open && place != MdcContainment.NONE) {
                rows.device(place.vmdCode, place.vmdId(mds), null);
                rows.device(place.channelCode, place.channelId(mds), null);
            }
            open = place;
            rows.metric(metric, MdcContainment.metricId(mds, metric.reading().vital()), equipment);
        }
    }

    private static Map<String, List<Metric>> byDevice(List<Metric> metrics) {
        Map<String, List<Metric>> devices = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            devices.computeIfAbsent(metric.reading().deviceId(), id -> new ArrayList<>()).add(metric);
        }
        return devices;
    }

    private static Instant latest(List<Metric> metrics) {
        Instant latest = metrics.get(0).reading().effectiveTime();
        for (Metric metric : metrics) {
            if (metric.reading().effectiveTime().isAfter(latest)) latest = metric.reading().effectiveTime();
        }
        return latest;
    }

    /** The OBX rows of one order, numbered in order (OBX-1). */
    private static final class Rows {
        private final Terser terser;
        private final String order;
        private int count;

        Rows(Terser terser, String order) {
            this.terser = terser;
            this.order = order;
        }

        /** A device-level row: no value, result status X (IHE PCD TF-2 Appendix B.9). */
        void device(String code, String containment, String equipment) throws HL7Exception {
            String obx = next();
            Fields.set(terser, obx + "-3", code);
            terser.set(obx + "-4", containment);
            terser.set(obx + "-11", "X");
            Fields.set(terser, obx + "-18", equipment);
        }

        void metric(Metric metric, String containment, String equipment) throws HL7Exception {
            Reading reading = metric.reading();
            VitalSign vital = reading.vital();
            String obx = next();
            Fields.set(terser, obx + "-3", MdcContainment.metricCode(vital));
            terser.set(obx + "-4", containment);
            boolean measured = reading.isUsable() && !Double.isNaN(reading.value());
            if (measured) {
                terser.set(obx + "-2", "NM");
                terser.set(obx + "-5", number(reading.value()));
                Fields.set(terser, obx + "-6", MdcContainment.unit(vital));
                if (metric.limits() != null) {
                    String range = range(metric.limits());
                    if (range != null) terser.set(obx + "-7", range);
                    VitalLimits.Interpretation flag = metric.limits().interpret(reading.value());
                    // HL7 table 0078: LL, L, N, H, HH are the same codes as the v3 interpretation.
                    if (flag != null) terser.set(obx + "-8", flag.code());
                }
                // R: unverified, as sent by a device (IHE PCD TF-2 Appendix B.9, OBX-11).
                terser.set(obx + "-11", "R");
            } else {
                Fields.set(terser, obx + "-6", MdcContainment.unit(vital));
                // X: the device gave no usable value (sensor off, artifact).
                terser.set(obx + "-11", "X");
            }
            terser.set(obx + "-14", Hl7Time.of(reading.effectiveTime()));
            Fields.set(terser, obx + "-18", equipment);
        }

        private String next() throws HL7Exception {
            String obx = order + "/OBSERVATION(" + count + ")/OBX";
            count++;
            terser.set(obx + "-1", Integer.toString(count));
            return obx;
        }
    }

    /** OBX-7 (HL7 v2.6 section 7.4.2.7): "low-high", "&gt;low" or "&lt;high" from the alarm limits in force. */
    static String range(VitalLimits limits) {
        Double low = limits.low() != null ? limits.low() : limits.criticalLow();
        Double high = limits.high() != null ? limits.high() : limits.criticalHigh();
        if (low != null && high != null) return number(low) + "-" + number(high);
        if (low != null) return ">" + number(low);
        if (high != null) return "<" + number(high);
        return null;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
