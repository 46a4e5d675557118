package org.vigil.drivers.ble;

import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * Blood Pressure Service values (docs/wire-formats.md §5.2): Blood Pressure Measurement (0x2A35)
 * and Intermediate Cuff Pressure (0x2A36), whose systolic field carries the current cuff pressure.
 */
public final class BloodPressureDecoder implements GattDecoder {

    // 0x2A35 / 0x2A36 flags
    private static final int UNIT_KPA = 0x01;
    private static final int TIMESTAMP = 0x02;
    private static final int PULSE_RATE = 0x04;
    private static final int USER_ID = 0x08;
    private static final int MEASUREMENT_STATUS = 0x10;
    // measurement status
    private static final int BODY_MOVEMENT = 1;
    private static final int CUFF_TOO_LOOSE = 1 << 1;
    private static final int IRREGULAR_PULSE = 1 << 2;
    private static final int IMPROPER_POSITION = 1 << 5;

    public static final double MMHG_PER_KPA = 7.50062;
    /** A cuff pressure above this is a decoding fault. */
    static final double MAX_CUFF_PRESSURE = 400;

    @Override
    public void decode(GattCharacteristic characteristic, byte[] value, Instant now, DecoderSink sink) {
        if (value.length == 0) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, 0, characteristic + " empty value"));
            return;
        }
        int flags = value[0] & 0xFF;
        int needed = 7 + ((flags & TIMESTAMP) != 0 ? GattReader.TIMESTAMP_LENGTH : 0) + ((flags & PULSE_RATE) != 0 ? 2 : 0)
                + ((flags & USER_ID) != 0 ? 1 : 0) + ((flags & MEASUREMENT_STATUS) != 0 ? 2 : 0);
        if (GattReadings.tooShort(characteristic, value, flags, needed, sink)) return;

        boolean kPa = (flags & UNIT_KPA) != 0;
        GattReader reader = new GattReader(value);
        reader.u8();
        double systolic = mmHg(reader.sfloat(), kPa);
        double diastolic = mmHg(reader.sfloat(), kPa);
        double mean = mmHg(reader.sfloat(), kPa);
        Instant deviceTime = (flags & TIMESTAMP) != 0 ? reader.timestamp(now) : null;
        double pulseRate = (flags & PULSE_RATE) != 0 ? reader.sfloat() : Double.NaN;
        if ((flags & USER_ID) != 0) reader.skip(1);
        boolean hasStatus = (flags & MEASUREMENT_STATUS) != 0;
        int status = hasStatus ? reader.u16() : 0;

        if (characteristic == GattCharacteristic.INTERMEDIATE_CUFF_PRESSURE) {
            cuffPressure(systolic, value, sink);
            return;
        }
        if (!Double.isNaN(systolic) && Double.isNaN(diastolic) && Double.isNaN(mean)) {
            // 0x2A36 layout (cuff pressure in the systolic field, the rest NaN) relayed on the measurement topic
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, value.length,
                    characteristic + " systolic without diastolic or mean is an intermediate cuff pressure"));
            return;
        }
        String fault = GattReadings.firstOf(
                GattReadings.implausible(VitalSign.BP_SYS, systolic),
                GattReadings.implausible(VitalSign.BP_DIA, diastolic),
                GattReadings.implausible(VitalSign.BP_MEAN, mean),
                GattReadings.implausible(VitalSign.PULSE_RATE, pulseRate),
                diastolic >= systolic ? "diastolic %s not below systolic %s".formatted(diastolic, systolic) : null);
        if (fault != null) {
            GattReadings.outOfRange(value, fault, sink);
            return;
        }
        sink.condition(DeviceEvent.Kind.CUFF_INFLATING, false, "");
        sink.condition(DeviceEvent.Kind.CUFF_ERROR, (status & CUFF_TOO_LOOSE) != 0, "cuff too loose");
        Quality quality = quality(status);
        GattReadings.report(sink, VitalSign.BP_SYS, systolic, quality, deviceTime);
        GattReadings.report(sink, VitalSign.BP_DIA, diastolic, quality, deviceTime);
        GattReadings.report(sink, VitalSign.BP_MEAN, mean, quality, deviceTime);
        // NIBP pulse (MDC 149546, VitalSign.MDC_PULS_RATE_NON_INV)
        if ((flags & PULSE_RATE) != 0) GattReadings.report(sink, VitalSign.PULSE_RATE, pulseRate, quality, deviceTime);
    }

    /** Pressure in mmHg, converted from kPa to four decimals, beyond any cuff's resolution. */
    static double mmHg(double pressure, boolean kPa) {
        return kPa ? Math.round(pressure * MMHG_PER_KPA * 1e4) / 1e4 : pressure;
    }

    private static void cuffPressure(double mmHg, byte[] value, DecoderSink sink) {
        if (mmHg < 0 || mmHg > MAX_CUFF_PRESSURE) {
            GattReadings.outOfRange(value, "cuff pressure %s mmHg".formatted(mmHg), sink);
            return;
        }
        String detail = Double.isNaN(mmHg) ? "cuff pressure unknown" : "cuff " + Math.round(mmHg) + " mmHg";
        sink.condition(DeviceEvent.Kind.CUFF_INFLATING, true, detail);
    }

    // 0x2A35 measurement status: b0 body movement, b1 cuff too loose, b2 irregular pulse,
    // b3-4 pulse rate range (informational), b5 improper measurement position
    private static Quality quality(int status) {
        Quality quality = Quality.VALID;
        if ((status & BODY_MOVEMENT) != 0) quality = quality.with(Quality.Flag.ARTIFACT);
        if ((status & (CUFF_TOO_LOOSE | IRREGULAR_PULSE | IMPROPER_POSITION)) != 0) {
            quality = quality.with(Quality.Flag.QUESTIONABLE);
        }
        return quality;
    }
}
