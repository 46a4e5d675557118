package org.vigil.drivers.ble;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Bluetooth SIG GATT characteristics Vigil decodes, by 16-bit UUID. */
public enum GattCharacteristic {
    BLOOD_PRESSURE_MEASUREMENT(0x2A35),
    INTERMEDIATE_CUFF_PRESSURE(0x2A36),
    PLX_SPOT_CHECK_MEASUREMENT(0x2A5E),
    PLX_CONTINUOUS_MEASUREMENT(0x2A5F);

    /** No UUID in the topic. */
    public static final int NONE = -1;

    private static final Pattern SHORT = Pattern.compile("(?:0x)?([0-9a-f]{4})");
    private static final Pattern BASE_UUID = Pattern.compile("0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb");

    private final int uuid;

    GattCharacteristic(int uuid) {
        this.uuid = uuid;
    }

    public int uuid() {
        return uuid;
    }

    /** The characteristic with this 16-bit UUID, or {@code null}. */
    public static GattCharacteristic of(int uuid) {
        for (GattCharacteristic characteristic : values()) {
            if (characteristic.uuid == uuid) return characteristic;
        }
        return null;
    }

    /**
     * The 16-bit UUID named by the topic's last level ({@code 2a5f}, {@code 0x2A5F} or the full
     * Bluetooth base UUID {@code 00002a5f-0000-1000-8000-00805f9b34fb}), else {@link #NONE}.
     */
    public static int uuidInTopic(String topic) {
        if (topic == null) return NONE;
        String level = topic.substring(topic.lastIndexOf('/') + 1).trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(level);
        if (!matcher.matches()) matcher = BASE_UUID.matcher(level);
        return matcher.matches() ? Integer.parseInt(matcher.group(1), 16) : NONE;
    }

    @Override
    public String toString() {
        return "0x%04X".formatted(uuid);
    }
}
