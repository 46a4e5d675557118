package org.vigil.drivers.runtime;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The serial ports this machine shows, for the {@code ports} command. */
public final class SerialPorts {

    /**
     * One visible port.
     *
     * @param systemName  the operating system's name, e.g. {@code ttyUSB0} or {@code COM3}
     * @param description what the driver or USB descriptor says it is
     * @param path        what to put in a device's {@code port} setting, e.g. {@code /dev/ttyUSB0}
     */
    public record Port(String systemName, String description, String path) {
    }

    private SerialPorts() {
    }

    public static List<Port> list() {
        return Arrays.stream(SerialPort.getCommPorts())
                .map(port -> new Port(port.getSystemPortName(), port.getPortDescription(), port.getSystemPortPath()))
                .sorted(Comparator.comparing(Port::path))
                .toList();
    }
}
