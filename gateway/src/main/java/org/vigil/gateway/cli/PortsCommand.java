package org.vigil.gateway.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.vigil.drivers.runtime.SerialPorts;
import picocli.CommandLine.Command;

@Command(name = "ports", description = "List the serial ports this machine can see.")
final class PortsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<SerialPorts.Port> ports = SerialPorts.list();
        if (ports.isEmpty()) {
            System.out.println("no serial ports found");
        }
        for (SerialPorts.Port port : ports) {
            System.out.printf("%-20s %s%n", port.path(), port.description());
        }
        return 0;
    }
}
