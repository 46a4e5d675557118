package org.vigil.drivers.ble;

import java.time.Instant;
import org.vigil.drivers.DecoderSink;

/**
 * A pure decoder for whole GATT characteristic values. It reports every condition it can judge on
 * each value, raised or not; {@link ConditionChanges} turns that into transitions.
 */
public interface GattDecoder {

    /** Maximum length of an attribute value (Bluetooth Core, ATT). */
    int MAX_VALUE_LENGTH = 512;

    void decode(GattCharacteristic characteristic, byte[] value, Instant now, DecoderSink sink);
}
