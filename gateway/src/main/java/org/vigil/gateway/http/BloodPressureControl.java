package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import org.vigil.gateway.beds.BedState;

/** Starts a blood-pressure measurement on a bed's cuff at a person's request. */
@FunctionalInterface
public interface BloodPressureControl {

    FullHttpResponse startNow(BedState bed, String user);
}
