package org.vigil.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports nobody listens on, for servers a test starts. They are chosen below the kernel's
 * ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 to 60999 by
 * default), from which outgoing connections and servers bound to port 0 (Chromium's driver, a
 * broker) take theirs: a port the kernel handed out from that range and the test closed again
 * could be taken by one of them before the test's server binds it. Each JVM starts at its own
 * offset, so that test JVMs running side by side rarely try the same ports.
 */
public final class FreePorts {

    private static final int SPAN = 10_000;
    private static final int FIRST = Math.max(1024, ephemeralLow() - SPAN);
    private static final int COUNT = ephemeralLow() - FIRST;
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() * 97 % Math.max(1, COUNT)));

    private FreePorts() {
    }

    public static int next() {
        for (int tried = 0; tried < COUNT; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                // someone listens there: the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port from " + FIRST + " to " + (FIRST + COUNT - 1)));
    }

    private static int ephemeralLow() {
        // read line by line: a /proc file reports a size of 0, and reading it whole as a file of that size can cut it short
        try {
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 1024 + SPAN && low <= 65_535 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
