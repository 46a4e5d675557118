package org.vigil.drivers.contec;

import org.vigil.model.Quality;

/**
 * Contec oximeters write about 60 packets a second, each repeating the current SpO2 and pulse rate.
 * With no clock in the decoder, a pair is reported when it or its quality changes, and otherwise
 * once every {@value #PACKETS_PER_REPORT} packets, about once a second.
 */
final class ReadingThrottle {

    static final int PACKETS_PER_REPORT = 60;

    private double spo2 = Double.NEGATIVE_INFINITY;
    private double pulse = Double.NEGATIVE_INFINITY;
    private Quality quality;
    private int packetsSinceReport;

    boolean shouldReport(double newSpo2, double newPulse, Quality newQuality) {
        packetsSinceReport++;
        boolean changed = Double.compare(spo2, newSpo2) != 0 || Double.compare(pulse, newPulse) != 0
                || !newQuality.equals(quality);
        if (!changed && packetsSinceReport < PACKETS_PER_REPORT) return false;
        spo2 = newSpo2;
        pulse = newPulse;
        quality = newQuality;
        packetsSinceReport = 0;
        return true;
    }
}
