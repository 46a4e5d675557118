package org.vigil.simulators.integration;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.simulators.transport.VirtualSerialPair;

/**
 * External programs some integration tests need. On a developer machine a missing program skips
 * those tests; in CI ({@code CI=true}) it fails them, so that a broken build image is noticed.
 */
final class Environment {

    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private Environment() {
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void requireSocat() {
        require(VirtualSerialPair.isAvailable(), "socat is not installed (virtual serial ports need it)");
    }

    static void requireMosquitto() {
        require(Files.isExecutable(MOSQUITTO), "mosquitto is not installed at " + MOSQUITTO);
    }

    private static void require(boolean available, String problem) {
        if (available) {
            return;
        }
        if (isCi()) {
            fail(problem + "; CI must provide it");
        }
        assumeTrue(false, problem + "; skipping outside CI");
    }
}
