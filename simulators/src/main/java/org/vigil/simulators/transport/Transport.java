package org.vigil.simulators.transport;

import java.io.IOException;
import java.util.function.Consumer;
import org.vigil.simulators.FrameOutput;

/**
 * The link between a simulated device and the gateway: a serial device server socket, a serial
 * line, or an MQTT topic. Device bytes go out through {@link #write}; bytes the host sends come in
 * through the listener given to {@link #open}, on the transport's own thread.
 */
public interface Transport extends FrameOutput, AutoCloseable {

    void open(Consumer<byte[]> hostBytes) throws IOException;

    /** Writes device bytes; they are dropped, as on a real line, while no host is connected. */
    @Override
    void write(byte[] bytes);

    /**
     * Pulls the cable ({@code false}) or plugs it back in ({@code true}). A pulled cable closes the
     * host's connection and refuses new ones where the transport has connections, and carries no
     * bytes either way.
     */
    void setCableConnected(boolean connected);

    boolean isCableConnected();

    /** A short description for logs, e.g. {@code tcp://0.0.0.0:4001}. */
    String describe();

    @Override
    void close();
}
