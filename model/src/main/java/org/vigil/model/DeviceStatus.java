package org.vigil.model;

/** The connection state of a device as the gateway sees it. */
public enum DeviceStatus {
    CONNECTING,
    CONNECTED,
    STREAMING,
    SILENT,
    DISCONNECTED;

    public static DeviceStatus after(DeviceEvent.Kind kind) {
        return switch (kind) {
            case CONNECTED -> CONNECTED;
            case STREAMING -> STREAMING;
            case SILENT -> SILENT;
            case DISCONNECTED -> DISCONNECTED;
            default -> throw new IllegalArgumentException(kind + " is not a lifecycle event");
        };
    }
}
