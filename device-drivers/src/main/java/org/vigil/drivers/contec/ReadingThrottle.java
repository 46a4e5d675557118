package org.vigil.drivers.contec;

import org.vigil.model.Quality;

/**
 * Decides which Contec packets become readings.
 *
 * <p>Neither Contec firmware family protects a packet with a checksum (docs/wire-formats.md
 * §4): line noise can form a well-laid-out packet with a wrong but plausible value marked
 * valid, such as an SpO2 of 18 %, which would raise a false desaturation alarm. One corrupted
 * packet must never become a reading. The device writes about 60 packets a second, each repeating
 * its current SpO2, pulse rate and status, so a pair is only believed once two back-to-back packets
 * carry it: a changed SpO2, pulse rate or quality is reported on its second packet, about 17 ms
 * late. Packets dropped while resynchronising break the pair ({@link #interrupted()}).
 *
 * <p>With no clock in the decoder, an unchanged pair is reported again once every
 * {@value #PACKETS_PER_REPORT} packets, about once a second, again only from a packet that repeats
 * the one before it. Values that never repeat are never reported: the runtime then reports the
 * device silent, which is right, as such data are unusable.
 */
final class ReadingThrottle {

    static final int PACKETS_PER_REPORT = 60;

    /** The last pair reported; null quality before the first report. */
    private double reportedSpo2;
    private double reportedPulse;
    private Quality reportedQuality;

    /** The previous packet's pair; null quality when there is none to compare with. */
    private double previousSpo2;
    private double previousPulse;
    private Quality previousQuality;

    private int packetsSinceReport;

    /** Whether this packet's pair is to be reported; call once for every well-formed packet. */
    boolean shouldReport(double spo2, double pulse, Quality quality) {
        packetsSinceReport++;
        boolean repeated = same(spo2, pulse, quality, previousSpo2, previousPulse, previousQuality);
        previousSpo2 = spo2;
        previousPulse = pulse;
        previousQuality = quality;
        if (!repeated) return false;
        boolean changed = !same(spo2, pulse, quality, reportedSpo2, reportedPulse, reportedQuality);
        if (!changed && packetsSinceReport < PACKETS_PER_REPORT) return false;
        reportedSpo2 = spo2;
        reportedPulse = pulse;
        reportedQuality = quality;
        packetsSinceReport = 0;
        return true;
    }

    /** Bytes were dropped or a packet was rejected: the next packet does not repeat the last one kept. */
    void interrupted() {
        previousQuality = null;
    }

    private static boolean same(double spo2, double pulse, Quality quality,
            double otherSpo2, double otherPulse, Quality otherQuality) {
        return Double.compare(spo2, otherSpo2) == 0 && Double.compare(pulse, otherPulse) == 0
                && quality.equals(otherQuality);
    }
}
