package org.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualityTest {

    @Test
    void noFlagsIsValidAndUsable() {
        assertThat(Quality.VALID.isValid()).isTrue();
        assertThat(Quality.VALID.isUsable()).isTrue();
        assertThat(Quality.VALID).hasToString("valid");
    }

    @Test
    void lowPerfusionQualifiesButKeepsTheValueUsable() {
        Quality quality = Quality.of(Quality.Flag.LOW_PERFUSION);
        assertThat(quality.isValid()).isFalse();
        assertThat(quality.isUsable()).isTrue();
    }

    @Test
    void sensorOffMakesTheValueUnusable() {
        Quality quality = Quality.VALID.with(Quality.Flag.SENSOR_OFF).with(Quality.Flag.ARTIFACT);
        assertThat(quality.isUsable()).isFalse();
        assertThat(quality.flags()).containsExactly(Quality.Flag.SENSOR_OFF, Quality.Flag.ARTIFACT);
        assertThat(quality).hasToString("sensor_off,artifact");
    }

    @Test
    void plausibleRangeBoundsSpo2() {
        assertThat(VitalSign.SPO2.isPlausible(100)).isTrue();
        assertThat(VitalSign.SPO2.isPlausible(127)).isFalse();
        assertThat(VitalSign.SPO2.isPlausible(Double.NaN)).isFalse();
    }
}
