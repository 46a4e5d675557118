package org.vigil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedJvmOptionsTest {

    @Test
    void theBenchmarkedGatewayRunsWithTheHeapAndCollectorTheProductShips() throws Exception {
        assertThat(GatewayProcess.shippedJvmOptions(Path.of("..", "config", "jvm.options")))
                .contains("-Xmx320m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
                .allMatch(option -> option.startsWith("-") && !option.contains("#") && !option.isBlank());
    }
}
