package org.vigil.simulators.transport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests that need socat skip without it on a developer machine, and fail without it in CI. */
final class Socat {

    private Socat() {
    }

    static void requiredInCi() {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            assumeTrue(VirtualSerialPair.isAvailable(), "socat is not installed; skipping outside CI");
        }
    }
}
