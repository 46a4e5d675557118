package org.vigil.drivers.ble;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.HostLink;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;

/** Bluetooth SIG GATT characteristic values relayed over MQTT by a BLE bridge. */
public final class BleGattProtocol implements DeviceProtocol {

    public static final String PLX = "ble-plx";
    public static final String BLOOD_PRESSURE = "ble-bp";

    private final String name;
    private final GattDecoder decoder;
    private final Set<GattCharacteristic> handled;
    private final GattCharacteristic defaultCharacteristic;
    private final Duration maximumQuietTime;

    private BleGattProtocol(String name, GattDecoder decoder, Set<GattCharacteristic> handled,
                            GattCharacteristic defaultCharacteristic, Duration maximumQuietTime) {
        this.name = name;
        this.decoder = decoder;
        this.handled = handled;
        this.defaultCharacteristic = defaultCharacteristic;
        this.maximumQuietTime = maximumQuietTime;
    }

    /**
     * Pulse Oximeter Service; PLX Continuous (about 1 Hz) by default. A bridge batches and reconnects,
     * so allow ten seconds of quiet.
     */
    public static BleGattProtocol plx() {
        return new BleGattProtocol(PLX, new PlxDecoder(),
                EnumSet.of(GattCharacteristic.PLX_CONTINUOUS_MEASUREMENT, GattCharacteristic.PLX_SPOT_CHECK_MEASUREMENT),
                GattCharacteristic.PLX_CONTINUOUS_MEASUREMENT, Duration.ofSeconds(10));
    }

    /**
     * Blood Pressure Service; Blood Pressure Measurement by default. A cuff sends only when it measures,
     * so silence is judged against an hour, longer than any usual measurement interval.
     */
    public static BleGattProtocol bloodPressure() {
        return new BleGattProtocol(BLOOD_PRESSURE, new BloodPressureDecoder(),
                EnumSet.of(GattCharacteristic.BLOOD_PRESSURE_MEASUREMENT, GattCharacteristic.INTERMEDIATE_CUFF_PRESSURE),
                GattCharacteristic.BLOOD_PRESSURE_MEASUREMENT, Duration.ofHours(1));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LineSettings defaultLineSettings() {
        return null;
    }

    @Override
    public Duration maximumQuietTime() {
        return maximumQuietTime;
    }

    @Override
    public ProtocolSession open(HostLink link, DecoderSink sink) {
        return new BleSession(name, decoder, handled, defaultCharacteristic, sink);
    }
}
