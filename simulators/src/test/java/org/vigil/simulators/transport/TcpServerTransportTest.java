package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpServerTransportTest {

    private static final Duration CONNECT_WAIT = Duration.ofSeconds(3);

    private final List<String> fromHost = new CopyOnWriteArrayList<>();
    private final TcpServerTransport transport = new TcpServerTransport("127.0.0.1", 0);

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void givenAGatewayConnects_thenItReceivesTheDeviceBytesAndItsCommandsReachTheDevice() throws IOException {
        transport.open(bytes -> fromHost.add(new String(bytes, StandardCharsets.US_ASCII)));

        try (Socket gateway = givenAGatewayConnected()) {
            transport.write("SPO2=97\n".getBytes(StandardCharsets.US_ASCII));
            gateway.getOutputStream().write("PING\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(readLine(gateway)).isEqualTo("SPO2=97");
            await("command reaches the device").atMost(CONNECT_WAIT).until(() -> String.join("", fromHost).equals("PING\n"));
        }
    }

    @Test
    void givenTheGatewayDisconnects_thenTheNextConnectionIsServed() throws IOException {
        transport.open(bytes -> { });
        givenAGatewayConnected().close();
        await("first connection dropped").atMost(CONNECT_WAIT).until(() -> !transport.hasClient());

        try (Socket again = givenAGatewayConnected()) {
            transport.write("HR=72\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(readLine(again)).isEqualTo("HR=72");
            assertThat(transport.connections()).isEqualTo(2);
        }
    }

    @Test
    void givenAPulledCable_thenTheConnectionClosesAndNewOnesAreRefusedUntilItIsPluggedBackIn() throws IOException {
        transport.open(bytes -> { });
        int port = transport.port();
        try (Socket gateway = givenAGatewayConnected()) {

            transport.setCableConnected(false);

            assertThat(gateway.getInputStream().read()).isEqualTo(-1);
            Refused.assertNothingListensOn(port);
        }

        transport.setCableConnected(true);

        try (Socket again = givenAGatewayConnected()) {
            transport.write("back\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(again)).isEqualTo("back");
            assertThat(transport.port()).isEqualTo(port);
        }
    }

    @Test
    void givenNoGateway_thenWritesAreDroppedWithoutError() throws IOException {
        transport.open(bytes -> { });

        transport.write(new byte[] {1, 2, 3});

        assertThat(transport.hasClient()).isFalse();
    }

    private Socket givenAGatewayConnected() throws IOException {
        long before = transport.connections();
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", transport.port()), (int) CONNECT_WAIT.toMillis());
        socket.setSoTimeout((int) CONNECT_WAIT.toMillis());
        await("gateway connection accepted").atMost(CONNECT_WAIT).until(() -> transport.connections() > before);
        return socket;
    }

    private static String readLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
