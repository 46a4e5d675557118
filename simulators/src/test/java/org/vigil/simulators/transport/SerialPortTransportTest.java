package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialPortTransportTest {

    private static final Duration LINE_WAIT = Duration.ofSeconds(3);

    private VirtualSerialPair pair;
    private SerialPortTransport device;
    private SerialPort gateway;
    private final List<String> fromHost = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream atGateway = new ByteArrayOutputStream();

    @BeforeEach
    void givenAVirtualSerialLine() throws IOException {
        Socat.requiredInCi();
        pair = VirtualSerialPair.start();
        device = new SerialPortTransport(pair.deviceEnd().toString(), 9600);
        device.open(bytes -> fromHost.add(new String(bytes, StandardCharsets.US_ASCII)));
        gateway = SerialPort.getCommPort(pair.hostEnd().toString());
        gateway.setComPortParameters(9600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        gateway.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        assertThat(gateway.openPort()).as("gateway end opens").isTrue();
    }

    @AfterEach
    void closeLine() {
        if (gateway != null) {
            gateway.closePort();
        }
        if (device != null) {
            device.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void givenTheDeviceWrites_thenTheGatewayReadsTheBytesFromItsEnd() {
        device.write("SPO2=97\n".getBytes(StandardCharsets.US_ASCII));

        await("frame at the gateway end").atMost(LINE_WAIT).until(() -> gatewayRead().contains("SPO2=97\n"));
    }

    @Test
    void givenTheGatewaySendsACommand_thenItReachesTheDevice() {
        byte[] command = "PING\n".getBytes(StandardCharsets.US_ASCII);

        gateway.writeBytes(command, command.length);

        await("command at the device").atMost(LINE_WAIT).until(() -> String.join("", fromHost).equals("PING\n"));
    }

    @Test
    void givenAPulledCable_thenTheLineIsSilentUntilPluggedBackIn() {
        device.setCableConnected(false);
        device.write("lost\n".getBytes(StandardCharsets.US_ASCII));
        device.setCableConnected(true);
        device.write("back\n".getBytes(StandardCharsets.US_ASCII));

        await("frame after the cable is back").atMost(LINE_WAIT).until(() -> gatewayRead().contains("back\n"));
        assertThat(gatewayRead()).doesNotContain("lost");
    }

    private String gatewayRead() {
        byte[] buffer = new byte[256];
        int n = gateway.readBytes(buffer, buffer.length);
        if (n > 0) {
            atGateway.write(buffer, 0, n);
        }
        return atGateway.toString(StandardCharsets.US_ASCII);
    }
}
