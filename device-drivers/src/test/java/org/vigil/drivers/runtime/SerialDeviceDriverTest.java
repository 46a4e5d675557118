package org.vigil.drivers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.vigil.model.DeviceEvent.Kind.CONNECTED;
import static org.vigil.model.DeviceEvent.Kind.DISCONNECTED;
import static org.vigil.model.DeviceEvent.Kind.STREAMING;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.LineSettings;
import org.vigil.model.VitalSign;

class SerialDeviceDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();
    private VirtualSerialPair pair;
    private DeviceDriver driver;
    private SerialPort device;

    @BeforeEach
    void givenAVirtualSerialCable() throws IOException {
        pair = VirtualSerialPair.start(dir);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.stop();
        }
        if (device != null) {
            device.closePort();
        }
        pair.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9600 8N1", "19200 8O1"})
    void negotiatesAndStreamsOverASerialPortWithTheConfiguredLineSettings(String settings) {
        LineSettings lineSettings = LineSettings.parse(settings);
        device = openDeviceEnd(lineSettings);
        driver = DeviceDriver.builder("bed-2", new LineProtocol(), new DeviceEndpoint.Serial(pair.hostEnd.toString(), null))
                .lineSettings(lineSettings)
                .listener(listener)
                .build();

        driver.start();
        assertThat(readLine(device)).isEqualTo(LineProtocol.HELLO);
        write(device, "SPO2=98\nPR=64\n");

        await("readings arrived over the serial port").atMost(WAIT).until(() -> listener.readings.size() == 2);
        assertThat(listener.readings).extracting(r -> r.vital()).containsExactly(VitalSign.SPO2, VitalSign.PULSE_RATE);
        assertThat(listener.values("bed-2")).containsExactly(98.0, 64.0);
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING);
    }

    @Test
    void reportsDisconnectedWhenTheSerialCableDisappears() {
        device = openDeviceEnd(LineSettings.B9600_8N1);
        driver = DeviceDriver.builder("bed-2", new LineProtocol(Duration.ofSeconds(30)),
                        new DeviceEndpoint.Serial(pair.hostEnd.toString(), LineSettings.B9600_8N1))
                .listener(listener)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(200)))
                .build();
        driver.start();
        readLine(device);
        write(device, "SPO2=98\n");
        await("device streaming").atMost(WAIT).until(() -> listener.kinds().contains(STREAMING));

        pair.close();

        await("device reported disconnected").atMost(WAIT).until(() -> listener.kinds().contains(DISCONNECTED));
        assertThat(listener.kinds()).containsExactly(CONNECTED, STREAMING, DISCONNECTED);
    }

    private SerialPort openDeviceEnd(LineSettings settings) {
        SerialPort port = SerialPort.getCommPort(pair.deviceEnd.toString());
        port.setComPortParameters(settings.baudRate(), settings.dataBits(),
                SerialTransport.stopBits(settings), SerialTransport.parity(settings));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        assertThat(port.openPort()).as("device end of the virtual cable opened").isTrue();
        return port;
    }

    private static String readLine(SerialPort port) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int count = port.readBytes(one, 1);
            if (count < 0) {
                throw new IllegalStateException("device end read failed");
            }
            if (count == 1) {
                if (one[0] == '\n') {
                    return line.toString(StandardCharsets.US_ASCII);
                }
                line.write(one[0]);
            }
        }
        throw new AssertionError("no line from the host within " + WAIT + "; got '" + line + "'");
    }

    private static void write(SerialPort port, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(port.writeBytes(bytes, bytes.length)).isEqualTo(bytes.length);
    }
}
