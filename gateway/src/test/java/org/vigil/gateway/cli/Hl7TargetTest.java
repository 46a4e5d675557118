package org.vigil.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.Hl7Kind;

class Hl7TargetTest {

    @Test
    void hostAndPortBecomeAPcd01AndAPcd04Destination() {
        Hl7Target target = Hl7Target.parse("127.0.0.1:6661");

        assertThat(target.destinations()).extracting(Hl7DestinationConfig::kind).containsExactly(Hl7Kind.PCD_01, Hl7Kind.PCD_04);
        assertThat(target.destinations()).allSatisfy(destination -> {
            assertThat(destination.host()).isEqualTo("127.0.0.1");
            assertThat(destination.port()).isEqualTo(6661);
        });
        assertThat(Hl7Target.parse("[::1]:2575").host()).isEqualTo("::1");
    }

    @Test
    void aTargetWithoutPortOrWithABadPortIsAClearError() {
        assertThatThrownBy(() -> Hl7Target.parse("engine.local")).hasMessageContaining("must be HOST:PORT");
        assertThatThrownBy(() -> Hl7Target.parse("engine.local:mllp")).hasMessageContaining("'mllp' is not a number");
        assertThatThrownBy(() -> Hl7Target.parse("engine.local:0")).hasMessageContaining("out of range 1-65535");
    }
}
