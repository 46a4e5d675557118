package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class ObservationFactoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.250Z");
    private static final String OCCUPANCY = "occ-7f1d2c3a-0000-4000-8000-000000000001";

    private final ObservationFactory factory = new ObservationFactory();

    @ParameterizedTest
    @EnumSource(value = VitalSign.class, names = {"SPO2", "PULSE_RATE", "RESP_RATE", "TEMP", "PERFUSION_INDEX"})
    void every_continuous_vital_makes_an_observation_that_conforms_to_its_r4_profile(VitalSign vital) {
        Reading reading = givenAValidReading(vital, typicalValueOf(vital));

        Observation observation = factory.vital(reading, OCCUPANCY, VitalLimits.NONE);

        assertThat(R4Conformance.errorsOf(observation)).isEmpty();
        assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(observation.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(observation.getValueQuantity().getCode()).isEqualTo(vital.ucum());
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + OCCUPANCY);
        assertThat(observation.getDevice().getReference()).isEqualTo("Device/dev-oximeter-1");
        assertThat(observation.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(T0);
        assertThat(observation.getCode().getCoding())
                .anySatisfy(c -> assertThat(c.getSystem() + "|" + c.getCode()).isEqualTo("urn:iso:std:iso:11073:10101|" + vital.mdcCode()));
    }

    @ParameterizedTest
    @EnumSource(value = VitalSign.class, names = {"SPO2", "PULSE_RATE", "RESP_RATE", "TEMP"})
    void vital_signs_carry_the_loinc_code_the_vital_signs_category_and_both_profiles(VitalSign vital) {
        Observation observation = factory.vital(givenAValidReading(vital, typicalValueOf(vital)), OCCUPANCY, VitalLimits.NONE);

        assertThat(observation.getCode().getCoding()).extracting(Coding::getCode).contains(vital.loinc());
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(observation.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/vitalsigns", ObservationFactory.profileOf(vital));
    }

    @Test
    void oxygen_saturation_is_coded_2708_6_and_59408_5_and_mdc_150456() {
        Observation observation = factory.vital(givenAValidReading(VitalSign.SPO2, 97), OCCUPANCY, VitalLimits.NONE);

        assertThat(observation.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode()).containsExactly(
                "http://loinc.org|2708-6", "http://loinc.org|59408-5", "urn:iso:std:iso:11073:10101|150456");
        assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo(BigDecimal.valueOf(97));
    }

    @Test
    void perfusion_index_is_coded_with_mdc_only_and_claims_no_vital_signs_profile() {
        Observation observation = factory.vital(givenAValidReading(VitalSign.PERFUSION_INDEX, 2.4), OCCUPANCY, VitalLimits.NONE);

        assertThat(observation.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("urn:iso:std:iso:11073:10101|150448");
        assertThat(observation.getMeta().getProfile()).isEmpty();
        assertThat(observation.getCategory()).isEmpty();
    }

    @Test
    void blood_pressure_is_one_panel_with_systolic_diastolic_and_mean_components_that_conforms_to_bp() {
        Observation panel = factory.bloodPressure(givenAValidReading(VitalSign.BP_SYS, 128),
                givenAValidReading(VitalSign.BP_DIA, 82), givenAValidReading(VitalSign.BP_MEAN, 97), OCCUPANCY, Map.of());

        assertThat(R4Conformance.errorsOf(panel)).isEmpty();
        assertThat(panel.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
        assertThat(panel.hasValue()).isFalse();
        assertThat(panel.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode() + "=" + c.getValueQuantity().getValue())
                .containsExactly("8480-6=128.0", "8462-4=82.0", "8478-0=97.0");
        assertThat(panel.getComponent()).allSatisfy(c -> assertThat(c.getValueQuantity().getCode()).isEqualTo("mm[Hg]"));
        assertThat(panel.getMeta().getProfile()).extracting(p -> p.getValue()).contains("http://hl7.org/fhir/StructureDefinition/bp");
    }

    @Test
    void blood_pressure_without_a_mean_and_with_a_failed_diastolic_still_conforms() {
        Reading failedDiastolic = givenAReading(VitalSign.BP_DIA, Double.NaN, Quality.of(Quality.Flag.INVALID));

        Observation panel = factory.bloodPressure(givenAValidReading(VitalSign.BP_SYS, 128), failedDiastolic, null, OCCUPANCY, Map.of());

        assertThat(R4Conformance.errorsOf(panel)).isEmpty();
        assertThat(panel.getComponent()).hasSize(2);
        assertThat(panel.getComponent().get(1).getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("error");
    }

    @ParameterizedTest
    @EnumSource(value = Quality.Flag.class, names = {"SENSOR_OFF", "SEARCHING", "ARTIFACT"})
    void an_unusable_reading_carries_a_data_absent_reason_instead_of_a_value_and_conforms(Quality.Flag flag) {
        Reading reading = givenAReading(VitalSign.SPO2, 0, Quality.of(flag));

        Observation observation = factory.vital(reading, OCCUPANCY, VitalLimits.of(90, 100));

        assertThat(R4Conformance.errorsOf(observation)).isEmpty();
        assertThat(observation.hasValue()).isFalse();
        assertThat(observation.hasInterpretation()).isFalse();
        assertThat(observation.getDataAbsentReason().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/data-absent-reason");
        assertThat(observation.getDataAbsentReason().getText()).contains(flag.name().toLowerCase());
    }

    @Test
    void the_conformance_check_itself_catches_an_observation_that_breaks_the_oxygensat_profile() {
        Observation broken = factory.vital(givenAValidReading(VitalSign.SPO2, 97), OCCUPANCY, VitalLimits.NONE);
        broken.setValue(null);
        broken.getCode().getCoding().remove(0);

        assertThat(R4Conformance.errorsOf(broken)).isNotEmpty();
    }

    @Test
    void data_absent_reasons_say_why_the_value_is_missing() {
        assertThat(absentReasonFor(Quality.Flag.SENSOR_OFF)).isEqualTo("not-performed");
        assertThat(absentReasonFor(Quality.Flag.SEARCHING)).isEqualTo("temp-unknown");
        assertThat(absentReasonFor(Quality.Flag.ARTIFACT)).isEqualTo("error");
    }

    @Test
    void interpretation_follows_the_limits_in_force() {
        VitalLimits limits = new VitalLimits(85.0, 90.0, 100.0, null);

        assertThat(interpretationOf(97, limits)).isEqualTo("N");
        assertThat(interpretationOf(88, limits)).isEqualTo("L");
        assertThat(interpretationOf(85, limits)).isEqualTo("LL");
        assertThat(interpretationOf(97, VitalLimits.NONE)).isNull();

        VitalLimits pulse = new VitalLimits(null, 50.0, 120.0, 150.0);
        assertThat(factory.vital(givenAValidReading(VitalSign.PULSE_RATE, 130), OCCUPANCY, pulse)
                .getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        Observation critical = factory.vital(givenAValidReading(VitalSign.PULSE_RATE, 160), OCCUPANCY, pulse);
        assertThat(critical.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("HH");
        assertThat(critical.getInterpretationFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
        assertThat(R4Conformance.errorsOf(critical)).isEmpty();
    }

    @Test
    void blood_pressure_components_are_interpreted_against_their_own_limits() {
        Observation panel = factory.bloodPressure(givenAValidReading(VitalSign.BP_SYS, 182),
                givenAValidReading(VitalSign.BP_DIA, 82), givenAValidReading(VitalSign.BP_MEAN, 110), OCCUPANCY,
                Map.of(VitalSign.BP_SYS, new VitalLimits(null, 90.0, 160.0, 180.0), VitalSign.BP_DIA, VitalLimits.of(50, 90)));

        assertThat(panel.getComponent().get(0).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("HH");
        assertThat(panel.getComponent().get(1).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
        assertThat(panel.getComponent().get(2).hasInterpretation()).isFalse();
        assertThat(R4Conformance.errorsOf(panel)).isEmpty();
    }

    @Test
    void the_same_reading_always_gets_the_same_identifier_and_id_so_resending_never_duplicates() {
        Observation first = factory.vital(givenAValidReading(VitalSign.SPO2, 97), OCCUPANCY, VitalLimits.NONE);
        Observation again = factory.vital(givenAValidReading(VitalSign.SPO2, 97), OCCUPANCY, VitalLimits.NONE);
        Observation pulse = factory.vital(givenAValidReading(VitalSign.PULSE_RATE, 72), OCCUPANCY, VitalLimits.NONE);

        assertThat(first.getIdentifierFirstRep().getSystem()).isEqualTo("urn:vigil:observation");
        assertThat(again.getIdentifierFirstRep().getValue()).isEqualTo(first.getIdentifierFirstRep().getValue());
        assertThat(again.getIdElement().getIdPart()).isEqualTo(first.getIdElement().getIdPart());
        assertThat(pulse.getIdentifierFirstRep().getValue()).isNotEqualTo(first.getIdentifierFirstRep().getValue());
        assertThat(FhirIds.isValidId(first.getIdElement().getIdPart())).isTrue();
    }

    @Test
    void a_blood_pressure_reading_is_refused_as_a_single_observation() {
        assertThatThrownBy(() -> factory.vital(givenAValidReading(VitalSign.BP_SYS, 120), OCCUPANCY, VitalLimits.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_device_carries_manufacturer_model_serial_and_the_gateway_identifier_and_conforms() {
        Device device = factory.device("oximeter-1", new DeviceIdentity("Nonin", "7500", "SN-500123"));

        assertThat(R4Conformance.errorsOf(device)).isEmpty();
        assertThat(device.getIdElement().getIdPart()).isEqualTo("dev-oximeter-1");
        assertThat(device.getManufacturer()).isEqualTo("Nonin");
        assertThat(device.getModelNumber()).isEqualTo("7500");
        assertThat(device.getSerialNumber()).isEqualTo("SN-500123");
        assertThat(device.getIdentifierFirstRep().getSystem() + "|" + device.getIdentifierFirstRep().getValue())
                .isEqualTo("urn:vigil:device|oximeter-1");
    }

    @Test
    void a_device_id_that_fhir_does_not_allow_becomes_a_stable_valid_id() {
        Device device = factory.device("bed 3/oximeter", null);

        assertThat(FhirIds.isValidId(device.getIdElement().getIdPart())).isTrue();
        assertThat(factory.device("bed 3/oximeter", null).getIdElement().getIdPart()).isEqualTo(device.getIdElement().getIdPart());
        assertThat(R4Conformance.errorsOf(device)).isEmpty();
    }

    private String absentReasonFor(Quality.Flag flag) {
        return factory.vital(givenAReading(VitalSign.SPO2, 0, Quality.of(flag)), OCCUPANCY, VitalLimits.NONE)
                .getDataAbsentReason().getCodingFirstRep().getCode();
    }

    private String interpretationOf(double spo2, VitalLimits limits) {
        Observation observation = factory.vital(givenAValidReading(VitalSign.SPO2, spo2), OCCUPANCY, limits);
        return observation.hasInterpretation() ? observation.getInterpretationFirstRep().getCodingFirstRep().getCode() : null;
    }

    private static double typicalValueOf(VitalSign vital) {
        return switch (vital) {
            case SPO2 -> 97;
            case PULSE_RATE -> 72;
            case RESP_RATE -> 14;
            case TEMP -> 36.8;
            case PERFUSION_INDEX -> 2.4;
            default -> 100;
        };
    }

    static Reading givenAValidReading(VitalSign vital, double value) {
        return givenAReading(vital, value, Quality.VALID);
    }

    static Reading givenAReading(VitalSign vital, double value, Quality quality) {
        String device = vital.isBloodPressure() ? "nibp-1" : "oximeter-1";
        return new Reading(device, vital, value, vital.ucum(), T0, T0.plusMillis(40), quality);
    }
}
