package org.vigil.model;

/**
 * What a device says about itself, where its protocol tells: any field may be {@code null}.
 */
public record DeviceIdentity(String manufacturer, String model, String serialNumber) {
}
