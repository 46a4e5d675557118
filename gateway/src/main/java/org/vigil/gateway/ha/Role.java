package org.vigil.gateway.ha;

/** What a gateway of an active/standby pair does now; {@code /health} answers it in lower case. */
public enum Role {
    /** Holds the lease: reads the devices, evaluates and sends alarms, exports. */
    ACTIVE,
    /** Waits for the lease: serves {@code /health} and the dashboard page only. */
    STANDBY;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
