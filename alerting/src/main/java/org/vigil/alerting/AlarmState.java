package org.vigil.alerting;

/** Where an alarm is in its life. A condition inside its delay is not yet an alarm. */
public enum AlarmState {
    /** The condition is present and nobody has acknowledged it. */
    ACTIVE,
    /** A latching alarm whose condition ended; it stays until acknowledged (IEC 60601-1-8 latching). */
    LATCHED,
    /** Acknowledged while its condition persists; it re-sounds after the reminder interval. */
    ACKNOWLEDGED,
    /** Over: the condition ended (non-latching), or a latched or acknowledged alarm was resolved. */
    ENDED;

    public boolean isOpen() {
        return this != ENDED;
    }
}
