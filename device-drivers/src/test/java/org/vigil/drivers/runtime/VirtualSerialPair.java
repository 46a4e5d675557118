package org.vigil.drivers.runtime;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Two pseudo-terminals joined by {@code socat}: what is written to one end is read from the other,
 * through the same tty layer a USB-serial adapter uses.
 */
final class VirtualSerialPair implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(5);

    final Path hostEnd;
    final Path deviceEnd;
    private final Process socat;
    private final Path log;

    private VirtualSerialPair(Path hostEnd, Path deviceEnd, Process socat, Path log) {
        this.hostEnd = hostEnd;
        this.deviceEnd = deviceEnd;
        this.socat = socat;
        this.log = log;
    }

    /** Starts socat; fails on CI without it, and skips the test elsewhere. */
    static VirtualSerialPair start(Path dir) throws IOException {
        if (!socatInstalled()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("socat is required for the serial port tests on CI");
            }
            Assumptions.abort("socat is not installed");
        }
        Path hostEnd = dir.resolve("host");
        Path deviceEnd = dir.resolve("device");
        Path log = dir.resolve("socat.log");
        Process socat = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + hostEnd, "pty,raw,echo=0,link=" + deviceEnd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        VirtualSerialPair pair = new VirtualSerialPair(hostEnd, deviceEnd, socat, log);
        try {
            await("socat joined the two pseudo-terminals").atMost(STARTUP)
                    .until(() -> !socat.isAlive() || Files.readString(log).contains("starting data transfer loop"));
            if (!socat.isAlive()) {
                Assertions.fail("socat ended early: " + Files.readString(log));
            }
        } catch (RuntimeException | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private static boolean socatInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /** Ends socat, as if the adapter were unplugged. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
