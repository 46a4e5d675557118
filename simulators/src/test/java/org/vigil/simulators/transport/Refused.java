package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

/** Asserts that nothing listens on a local port. */
public final class Refused {

    private Refused() {
    }

    /**
     * A connection attempt is refused; the kernel may instead connect a socket to itself when the
     * ephemeral port it picks is the target port, which also shows nothing listens there.
     */
    public static void assertNothingListensOn(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(socket.getLocalPort()).as("connected to a listener on %d", port).isEqualTo(port);
        } catch (ConnectException refused) {
            assertThat(refused).hasMessageContaining("refused");
        }
    }
}
