package org.vigil.gateway.storage;

import java.time.Instant;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;

/** One full-resolution reading as stored; {@code value} is NaN where the device sent none. */
public record Sample(Instant time, String bedId, String deviceId, VitalSign vital, double value, Quality quality) {
}
