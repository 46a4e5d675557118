package org.vigil.gateway.hl7;

import org.vigil.model.VitalSign;

/**
 * Where a vital sits in the IEEE 11073 containment tree that OBX-4 carries
 * (IHE PCD TF-2 Appendix "Device containment": MDS.VMD.channel.metric), with the MDC codes of the
 * device-level rows (IEEE 11073-10101, NIST RTMMS) and of the metric's unit.
 */
enum MdcContainment {
    /** MDC_DEV_ANALY_SAT_O2_VMD 69642, MDC_DEV_ANALY_SAT_O2_CHAN 69643. */
    PULSE_OXIMETER(1, "69642^MDC_DEV_ANALY_SAT_O2_VMD^MDC", "69643^MDC_DEV_ANALY_SAT_O2_CHAN^MDC"),
    /** MDC_DEV_METER_PRESS_BLD_VMD 69854, MDC_DEV_METER_PRESS_BLD_CHAN 69855. */
    BLOOD_PRESSURE(2, "69854^MDC_DEV_METER_PRESS_BLD_VMD^MDC", "69855^MDC_DEV_METER_PRESS_BLD_CHAN^MDC"),
    /** Metrics for which Vigil has no VMD of its own: reported directly under the MDS. */
    NONE(0, null, null);

    /** MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS 69965: the device as a whole. */
    static final String MDS = "69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC";

    final int vmd;
    final String vmdCode;
    final String channelCode;

    MdcContainment(int vmd, String vmdCode, String channelCode) {
        this.vmd = vmd;
        this.vmdCode = vmdCode;
        this.channelCode = channelCode;
    }

    static MdcContainment of(VitalSign vital) {
        return switch (vital) {
            case SPO2, PULSE_RATE, PERFUSION_INDEX -> PULSE_OXIMETER;
            case BP_SYS, BP_DIA, BP_MEAN -> BLOOD_PRESSURE;
            case RESP_RATE, TEMP -> NONE;
        };
    }

    /** OBX-4 of the VMD row of device {@code mds}. */
    String vmdId(int mds) {
        return mds + "." + vmd + ".0.0";
    }

    /** OBX-4 of the channel row of device {@code mds}. */
    String channelId(int mds) {
        return mds + "." + vmd + ".1.0";
    }

    /** OBX-4 of a metric row of device {@code mds}. */
    static String metricId(int mds, VitalSign vital) {
        MdcContainment place = of(vital);
        return mds + "." + place.vmd + "." + (place == NONE ? 0 : 1) + "." + metricIndex(vital);
    }

    /** The metric's number within its channel. */
    private static int metricIndex(VitalSign vital) {
        return switch (vital) {
            case SPO2, BP_SYS, RESP_RATE -> 1;
            case PULSE_RATE, BP_DIA, TEMP -> 2;
            case PERFUSION_INDEX, BP_MEAN -> 3;
        };
    }

    /** OBX-3 of a metric: {@code 150456^MDC_PULS_OXIM_SAT_O2^MDC}. */
    static String metricCode(VitalSign vital) {
        return vital.mdcCode() + "^" + vital.mdcName() + "^MDC";
    }

    /** OBX-6: the MDC unit of the vital with its code (IEEE 11073-10101 partition 4, dimensions). */
    static String unit(VitalSign vital) {
        return switch (vital) {
            case SPO2, PERFUSION_INDEX -> "262688^MDC_DIM_PERCENT^MDC";
            case PULSE_RATE -> "264864^MDC_DIM_BEAT_PER_MIN^MDC";
            case BP_SYS, BP_DIA, BP_MEAN -> "266016^MDC_DIM_MMHG^MDC";
            case RESP_RATE -> "264928^MDC_DIM_RESP_PER_MIN^MDC";
            case TEMP -> "268192^MDC_DIM_DEGC^MDC";
        };
    }
}
