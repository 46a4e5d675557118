package org.vigil.simulators.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vigil.simulators.DeviceSimulator;
import org.vigil.simulators.FrameOutput;
import org.vigil.simulators.PatientState;

/** A simulator that also keeps every host command it received, as hex with the time it arrived. */
final class ListeningSimulator implements DeviceSimulator {

    record Received(Instant at, String hex) {
    }

    private final DeviceSimulator device;
    private final List<Received> fromHost = new CopyOnWriteArrayList<>();

    ListeningSimulator(DeviceSimulator device) {
        this.device = device;
    }

    /** Everything the host sent, in order, as one upper-case hex string. */
    String hostBytes() {
        StringBuilder all = new StringBuilder();
        fromHost.forEach(r -> all.append(r.hex()));
        return all.toString();
    }

    List<Received> received() {
        return List.copyOf(fromHost);
    }

    @Override
    public Duration frameInterval() {
        return device.frameInterval();
    }

    @Override
    public void tick(Instant now, PatientState state, FrameOutput out) {
        device.tick(now, state, out);
    }

    @Override
    public void received(byte[] bytes, Instant now, PatientState state, FrameOutput out) {
        fromHost.add(new Received(now, HexFormat.of().withUpperCase().formatHex(bytes)));
        device.received(bytes, now, state, out);
    }
}
