package org.vigil.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.runtime.DriverMetrics;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.DurationText;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

class DeviceFleetTest {

    private static final DriverListener IGNORED = new DriverListener() {
        @Override
        public void reading(Reading reading) {
        }

        @Override
        public void event(DeviceEvent event) {
        }
    };

    @TempDir
    Path storage;

    @Test
    void onlyTheBedsDevicesThatMeasureOnCommandAreOffered() {
        BedConfig bed = TestWards.bed("bed-1",
                TestWards.tcp("bed-1-oximeter", "masimo"),
                TestWards.tcp("bed-1-nibp", "suntech"),
                TestWards.mqtt("bed-1-cuff", "ble-bp", "ble/bed-1/cuff/+"));

        try (DeviceFleet fleet = givenAFleetOf(bed)) {
            assertThat(fleet.devicesMeasuringOnCommand(bed)).containsExactly("bed-1-nibp");
        }
    }

    @Test
    void aBedWithoutACommandableCuffOffersNone() {
        BedConfig bed = TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "nonin7"));

        try (DeviceFleet fleet = givenAFleetOf(bed)) {
            assertThat(fleet.devicesMeasuringOnCommand(bed)).isEmpty();
        }
    }

    @Test
    void aMeasurementIntervalOnAProtocolWithoutASchedulingCapabilityIsRefused() {
        DeviceConfig oximeter = TestWards.tcp("bed-1-oximeter", "masimo");
        DeviceConfig scheduled = new DeviceConfig(oximeter.id(), oximeter.protocol(), null, oximeter.tcp(), null,
                null, new DurationText(Duration.ofMinutes(15)));

        assertThatThrownBy(() -> givenAFleetOf(TestWards.bed("bed-1", scheduled)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device bed-1-oximeter: protocol masimo takes no measurement schedule (bp-interval)");
    }

    private DeviceFleet givenAFleetOf(BedConfig bed) {
        return new DeviceFleet(TestWards.config(storage, List.of(bed)), IGNORED, DriverMetrics.NONE, java.time.Clock.systemUTC());
    }
}
