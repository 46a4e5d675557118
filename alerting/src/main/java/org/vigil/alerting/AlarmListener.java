package org.vigil.alerting;

/**
 * Receives every alarm state change and every change of a bed's audio pause, in order, on the
 * caller's thread. It must not call back into the engine from inside a notification: queue the
 * change (for storage, MQTT, the dashboard) and return.
 */
public interface AlarmListener {

    void alarmChanged(AlarmChange change);

    default void audioChanged(String bedId, AudioState audio) {
    }
}
