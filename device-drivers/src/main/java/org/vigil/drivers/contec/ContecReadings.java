package org.vigil.drivers.contec;

import org.vigil.drivers.DecoderSink;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Reports a Contec SpO2 and pulse-rate pair; a missing value says why with an unusable flag. */
final class ContecReadings {

    private ContecReadings() {
    }

    static void report(double spo2, double pulse, Quality quality, DecoderSink sink) {
        reportValue(VitalSign.SPO2, spo2, quality, sink);
        reportValue(VitalSign.PULSE_RATE, pulse, quality, sink);
    }

    private static void reportValue(VitalSign vital, double value, Quality quality, DecoderSink sink) {
        boolean unexplained = Double.isNaN(value) && quality.isUsable();
        sink.reading(vital, value, unexplained ? quality.with(Quality.Flag.INVALID) : quality, null);
    }
}
