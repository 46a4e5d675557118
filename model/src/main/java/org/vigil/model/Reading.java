package org.vigil.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One measured value of one vital sign from one device.
 *
 * @param deviceId   the configured device id
 * @param vital      what was measured
 * @param value      the value in {@link VitalSign#ucum()}; {@code NaN} when the device sent none
 * @param unit       UCUM unit of {@code value}
 * @param deviceTime the device's own timestamp when it sends a plausible one, else {@code null}
 * @param receivedAt when the gateway received the bytes that carried it
 * @param quality    the device's quality flags
 */
public record Reading(String deviceId, VitalSign vital, double value, String unit,
                      Instant deviceTime, Instant receivedAt, Quality quality) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(quality, "quality");
    }

    public static Reading of(String deviceId, VitalSign vital, double value, Instant receivedAt) {
        return new Reading(deviceId, vital, value, vital.ucum(), null, receivedAt, Quality.VALID);
    }

    /** A number that may be charted and alarmed on. */
    public boolean isUsable() {
        return !Double.isNaN(value) && quality.isUsable();
    }

    /** The time the value describes: the device's clock where trusted, else the receive time. */
    public Instant effectiveTime() {
        return deviceTime != null ? deviceTime : receivedAt;
    }
}
