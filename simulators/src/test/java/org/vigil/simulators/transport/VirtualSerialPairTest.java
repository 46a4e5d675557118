package org.vigil.simulators.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualSerialPairTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsSocat() {
        Socat.requiredInCi();
    }

    @Test
    void givenSocat_whenStarted_thenBothEndsAreLinkedPseudoTerminals() throws IOException {
        try (VirtualSerialPair pair = VirtualSerialPair.start(dir)) {
            assertThat(pair.deviceEnd()).isEqualTo(dir.resolve("A"));
            assertThat(pair.hostEnd()).isEqualTo(dir.resolve("B"));
            assertThat(Files.readSymbolicLink(pair.deviceEnd()).toString()).startsWith("/dev/pts/");
            assertThat(Files.readSymbolicLink(pair.hostEnd())).isNotEqualTo(Files.readSymbolicLink(pair.deviceEnd()));
        }
    }

    @Test
    void givenAStartedPair_whenClosed_thenItsSocatIsGoneAndTheLinksAreRemoved() throws IOException {
        VirtualSerialPair pair = VirtualSerialPair.start(dir);

        pair.close();

        await("socat stopped").atMost(Duration.ofSeconds(3)).until(() -> !pair.isAlive());
        assertThat(pair.deviceEnd()).doesNotExist();
        assertThat(pair.hostEnd()).doesNotExist();
    }
}
