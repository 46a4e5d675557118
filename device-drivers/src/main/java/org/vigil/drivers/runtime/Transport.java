package org.vigil.drivers.runtime;

import java.io.Closeable;
import java.io.IOException;

/** Opens byte-stream connections to one device: a serial port or a network serial server. */
interface Transport {

    /** Opens a connection whose reads wait at most {@code readTimeoutMillis}. */
    Connection open(int readTimeoutMillis) throws IOException;

    /** Called from another thread on stop: abandon an {@link #open} that is still waiting. */
    default void abort() {
    }

    /** One open connection; used from the driver thread only. */
    interface Connection extends Closeable {

        /** Reads what is available: the count, 0 when the read timed out, or -1 at end of stream. */
        int read(byte[] into, int offset, int length) throws IOException;

        void write(byte[] bytes) throws IOException;

        @Override
        void close();
    }
}
