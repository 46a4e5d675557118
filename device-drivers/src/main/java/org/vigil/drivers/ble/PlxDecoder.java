package org.vigil.drivers.ble;

import java.time.Instant;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/**
 * Pulse Oximeter Service values (docs/wire-formats.md §5.3): PLX Continuous Measurement (0x2A5F)
 * and PLX Spot-check Measurement (0x2A5E).
 */
public final class PlxDecoder implements GattDecoder {

    // 0x2A5F flags
    private static final int CONTINUOUS_FAST = 0x01;
    private static final int CONTINUOUS_SLOW = 0x02;
    private static final int CONTINUOUS_MEASUREMENT_STATUS = 0x04;
    private static final int CONTINUOUS_DEVICE_STATUS = 0x08;
    private static final int CONTINUOUS_PAI = 0x10;
    // 0x2A5E flags
    private static final int SPOT_TIMESTAMP = 0x01;
    private static final int SPOT_MEASUREMENT_STATUS = 0x02;
    private static final int SPOT_DEVICE_STATUS = 0x04;
    private static final int SPOT_PAI = 0x08;
    private static final int SPOT_CLOCK_NOT_SET = 0x10;

    @Override
    public void decode(GattCharacteristic characteristic, byte[] value, Instant now, DecoderSink sink) {
        if (value.length == 0) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.BAD_LAYOUT, 0, characteristic + " empty value"));
            return;
        }
        int flags = value[0] & 0xFF;
        boolean continuous = characteristic == GattCharacteristic.PLX_CONTINUOUS_MEASUREMENT;
        boolean timestamp = !continuous && (flags & SPOT_TIMESTAMP) != 0;
        boolean measurementStatus = (flags & (continuous ? CONTINUOUS_MEASUREMENT_STATUS : SPOT_MEASUREMENT_STATUS)) != 0;
        boolean deviceStatus = (flags & (continuous ? CONTINUOUS_DEVICE_STATUS : SPOT_DEVICE_STATUS)) != 0;
        boolean pai = (flags & (continuous ? CONTINUOUS_PAI : SPOT_PAI)) != 0;
        int pairs = continuous ? Integer.bitCount(flags & (CONTINUOUS_FAST | CONTINUOUS_SLOW)) : 0;

        int needed = 5 + 4 * pairs + (timestamp ? GattReader.TIMESTAMP_LENGTH : 0)
                + (measurementStatus ? 2 : 0) + (deviceStatus ? 3 : 0) + (pai ? 2 : 0);
        if (GattReadings.tooShort(characteristic, value, flags, needed, sink)) return;

        GattReader reader = new GattReader(value);
        reader.u8();
        double spo2 = reader.sfloat();
        double pulseRate = reader.sfloat();
        reader.skip(4 * pairs);
        Instant deviceTime = timestamp ? reader.timestamp(now) : null;
        if ((flags & SPOT_CLOCK_NOT_SET) != 0 && !continuous) deviceTime = null;
        int measurement = measurementStatus ? reader.u16() : 0;
        int device = deviceStatus ? reader.u24() : 0;
        double perfusion = pai ? reader.sfloat() : Double.NaN;

        String fault = GattReadings.firstOf(
                GattReadings.implausible(VitalSign.SPO2, spo2),
                GattReadings.implausible(VitalSign.PULSE_RATE, pulseRate),
                GattReadings.implausible(VitalSign.PERFUSION_INDEX, perfusion));
        if (fault != null) {
            GattReadings.outOfRange(value, fault, sink);
            return;
        }
        if (deviceStatus) PlxStatus.reportConditions(device, sink);
        Quality quality = PlxStatus.quality(measurement, device);
        GattReadings.report(sink, VitalSign.SPO2, spo2, quality, deviceTime);
        GattReadings.report(sink, VitalSign.PULSE_RATE, pulseRate, quality, deviceTime);
        if (pai) GattReadings.report(sink, VitalSign.PERFUSION_INDEX, perfusion, quality, deviceTime);
    }
}
