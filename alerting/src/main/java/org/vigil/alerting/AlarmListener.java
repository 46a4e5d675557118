package org.vigil.alerting;

/** Receives every alarm state change and every change of a bed's audio pause, in order. */
public interface AlarmListener {

    void alarmChanged(AlarmChange change);

    default void audioChanged(String bedId, AudioState audio) {
    }
}
