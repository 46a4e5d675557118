package org.vigil.drivers;

import java.time.Instant;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** Where a decoder puts what it found in the bytes. Implementations must not block. */
public interface DecoderSink {

    /**
     * A value, already in the vital's UCUM unit and inside its plausible range, or {@code NaN}
     * with quality flags saying why there is no number.
     *
     * @param deviceTime the device's own clock when it sent a plausible one, else {@code null}
     */
    void reading(VitalSign vital, double value, Quality quality, Instant deviceTime);

    /** A device-reported technical condition started ({@code active}) or ended. */
    void condition(DeviceEvent.Kind kind, boolean active, String detail);

    /** Bytes that did not form a valid frame and were discarded. */
    void invalidFrame(InvalidFrame frame);

    /** The device told who it is (serial number, model). */
    default void identity(DeviceIdentity identity) {
    }

    /**
     * A valid frame that carries no reading (an acknowledgement, an idle status): the device is
     * alive. Command/response devices say so between measurements, so they are not taken for silent.
     */
    default void alive() {
    }
}
