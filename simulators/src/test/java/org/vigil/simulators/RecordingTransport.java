package org.vigil.simulators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.vigil.simulators.transport.Transport;

/** A transport that keeps every write and lets the test play the host. */
public final class RecordingTransport implements Transport {

    public final List<byte[]> writes = new CopyOnWriteArrayList<>();
    public final List<Boolean> cableChanges = new CopyOnWriteArrayList<>();
    private volatile Consumer<byte[]> host = bytes -> { };
    private volatile boolean cableConnected = true;
    public volatile boolean closed;

    @Override
    public void open(Consumer<byte[]> hostBytes) {
        this.host = hostBytes;
    }

    public void hostSends(String text) {
        host.accept(text.getBytes(StandardCharsets.US_ASCII));
    }

    public String text() {
        StringBuilder all = new StringBuilder();
        for (byte[] write : writes) {
            all.append(new String(write, StandardCharsets.US_ASCII));
        }
        return all.toString();
    }

    @Override
    public void write(byte[] bytes) {
        if (cableConnected) {
            writes.add(bytes.clone());
        }
    }

    @Override
    public void setCableConnected(boolean connected) {
        cableConnected = connected;
        cableChanges.add(connected);
    }

    @Override
    public boolean isCableConnected() {
        return cableConnected;
    }

    @Override
    public String describe() {
        return "recording";
    }

    @Override
    public void close() {
        closed = true;
    }
}
