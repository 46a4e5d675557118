package org.vigil.drivers.ble;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Set;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;

/**
 * Decodes the characteristic values a BLE bridge relays, one MQTT message per value. The topic's last
 * level names the characteristic; without one the protocol's default characteristic is assumed.
 */
final class BleSession implements ProtocolSession {

    /** Hex text spells each byte of the longest value in up to three characters. */
    static final int MAX_PAYLOAD_LENGTH = 3 * GattDecoder.MAX_VALUE_LENGTH + 2;

    private final String protocol;
    private final GattDecoder decoder;
    private final Set<GattCharacteristic> handled;
    private final GattCharacteristic defaultCharacteristic;
    private final DecoderSink sink;

    BleSession(String protocol, GattDecoder decoder, Set<GattCharacteristic> handled,
               GattCharacteristic defaultCharacteristic, DecoderSink sink) {
        this.protocol = protocol;
        this.decoder = decoder;
        this.handled = handled;
        this.defaultCharacteristic = defaultCharacteristic;
        this.sink = new ConditionChanges(sink);
    }

    @Override
    public void message(String topic, ByteBuffer payload, Instant now) {
        int length = payload.remaining();
        if (length > MAX_PAYLOAD_LENGTH) {
            payload.position(payload.limit());
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, length, "payload of " + length + " bytes"));
            return;
        }
        byte[] value = GattPayload.value(payload);
        if (value.length > GattDecoder.MAX_VALUE_LENGTH) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, length,
                    "value of %d bytes exceeds %d".formatted(value.length, GattDecoder.MAX_VALUE_LENGTH)));
            return;
        }
        int uuid = GattCharacteristic.uuidInTopic(topic);
        GattCharacteristic characteristic = uuid == GattCharacteristic.NONE ? defaultCharacteristic : GattCharacteristic.of(uuid);
        if (characteristic == null || !handled.contains(characteristic)) {
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.UNEXPECTED_BYTES, length,
                    "characteristic 0x%04X is not decoded by %s".formatted(uuid, protocol)));
            return;
        }
        decoder.decode(characteristic, value, now, sink);
    }

    /** A byte stream carries no topic: whatever arrived is taken as one value of the default characteristic. */
    @Override
    public void received(ByteBuffer in, Instant now) {
        message("", in, now);
    }
}
