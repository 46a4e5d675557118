package org.vigil.gateway.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * Turns readings into FHIR R4 Observations that conform to the vital-signs profiles, and device
 * identities into Device resources. Stateless and thread-safe; it does no I/O.
 */
public final class ObservationFactory {

    /**
     * Makes the Observation of one reading of a vital other than blood pressure.
     *
     * @param reading     the reading; an unusable one gets a dataAbsentReason instead of a value
     * @param occupancyId the bed occupancy, whose Patient is the subject
     * @param limits      the alarm limits in force, for the interpretation
     */
    public Observation vital(Reading reading, String occupancyId, VitalLimits limits) {
        Objects.requireNonNull(reading, "reading");
        VitalSign vital = reading.vital();
        if (vital.isBloodPressure()) {
            throw new IllegalArgumentException("blood pressure is charted as a panel: use bloodPressure(...)");
        }
        Instant time = reading.effectiveTime();
        Observation observation = base(FhirIds.observationIdentifier(reading.deviceId(), vital, time),
                reading.deviceId(), occupancyId, time);
        String profile = profileOf(vital);
        if (profile != null) {
            observation.getMeta().addProfile(FhirCodes.PROFILE_VITALSIGNS);
            observation.getMeta().addProfile(profile);
            observation.addCategory(vitalSignsCategory());
        }
        observation.setCode(codeOf(vital));
        if (reading.isUsable()) {
            observation.setValue(quantity(vital, reading.value()));
            interpretation(limits, reading.value(), observation.getInterpretation());
        } else {
            observation.setDataAbsentReason(dataAbsentReason(reading));
        }
        return observation;
    }

    /**
     * Makes the blood-pressure panel (LOINC 85354-9, R4 {@code bp} profile) of one NIBP
     * measurement, with systolic, diastolic and (when measured) mean components.
     *
     * @param mean   may be {@code null} when the device reports no mean pressure
     * @param limits limits in force per component vital; a missing entry means no interpretation
     */
    public Observation bloodPressure(Reading systolic, Reading diastolic, Reading mean,
                                     String occupancyId, Map<VitalSign, VitalLimits> limits) {
        requireVital(systolic, VitalSign.BP_SYS);
        requireVital(diastolic, VitalSign.BP_DIA);
        if (mean != null) requireVital(mean, VitalSign.BP_MEAN);
        Instant time = systolic.effectiveTime();
        Observation observation = base(FhirIds.bloodPressureIdentifier(systolic.deviceId(), time),
                systolic.deviceId(), occupancyId, time);
        observation.getMeta().addProfile(FhirCodes.PROFILE_VITALSIGNS);
        observation.getMeta().addProfile(FhirCodes.PROFILE_BASE + "bp");
        observation.addCategory(vitalSignsCategory());
        observation.setCode(new CodeableConcept()
                .addCoding(new Coding(FhirCodes.LOINC, FhirCodes.LOINC_BP_PANEL, "Blood pressure panel with all children optional"))
                .addCoding(new Coding(FhirCodes.MDC, String.valueOf(FhirCodes.MDC_PRESS_BLD_NONINV), "MDC_PRESS_BLD_NONINV"))
                .setText("Blood pressure"));
        observation.addComponent(component(systolic, limits));
        observation.addComponent(component(diastolic, limits));
        if (mean != null) observation.addComponent(component(mean, limits));
        return observation;
    }

    /** Makes the Device resource of a configured device, with whatever identity it reported. */
    public Device device(String deviceId, DeviceIdentity identity) {
        Device device = new Device();
        device.setId(FhirIds.deviceResourceId(deviceId));
        device.addIdentifier(new Identifier().setSystem(FhirCodes.DEVICE_IDENTIFIER).setValue(deviceId));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        if (identity != null) {
            if (identity.manufacturer() != null) device.setManufacturer(identity.manufacturer());
            if (identity.model() != null) {
                device.setModelNumber(identity.model());
                device.addDeviceName().setName(identity.model()).setType(Device.DeviceNameType.MODELNAME);
            }
            if (identity.serialNumber() != null) device.setSerialNumber(identity.serialNumber());
        }
        return device;
    }

    /** The reference an Observation holds to the Patient of an occupancy. */
    public static Reference patientReference(String occupancyId) {
        return new Reference("Patient/" + occupancyId)
                .setIdentifier(new Identifier().setSystem(FhirCodes.OCCUPANCY_IDENTIFIER).setValue(occupancyId));
    }

    /** The reference an Observation holds to the Device of a configured device id. */
    public static Reference deviceReference(String deviceId) {
        return new Reference("Device/" + FhirIds.deviceResourceId(deviceId))
                .setIdentifier(new Identifier().setSystem(FhirCodes.DEVICE_IDENTIFIER).setValue(deviceId));
    }

    /** The profile of the R4 vital-signs family a vital conforms to, or {@code null}. */
    public static String profileOf(VitalSign vital) {
        return switch (vital) {
            case SPO2 -> FhirCodes.PROFILE_BASE + "oxygensat";
            case PULSE_RATE -> FhirCodes.PROFILE_BASE + "heartrate";
            case RESP_RATE -> FhirCodes.PROFILE_BASE + "resprate";
            case TEMP -> FhirCodes.PROFILE_BASE + "bodytemp";
            case BP_SYS, BP_DIA, BP_MEAN -> FhirCodes.PROFILE_BASE + "bp";
            case PERFUSION_INDEX -> null;
        };
    }

    /** The LOINC and MDC codings of a vital (MDC only for perfusion index). */
    public static CodeableConcept codeOf(VitalSign vital) {
        CodeableConcept code = new CodeableConcept();
        if (vital.loinc() != null) code.addCoding(new Coding(FhirCodes.LOINC, vital.loinc(), vital.display()));
        if (vital == VitalSign.SPO2) {
            code.addCoding(new Coding(FhirCodes.LOINC, FhirCodes.LOINC_SPO2_PULSE_OXIMETRY,
                    "Oxygen saturation in Arterial blood by Pulse oximetry"));
        }
        code.addCoding(new Coding(FhirCodes.MDC, String.valueOf(vital.mdcCode()), vital.mdcName()));
        code.setText(vital.display());
        return code;
    }

    private static Observation base(String identifierValue, String deviceId, String occupancyId, Instant time) {
        Objects.requireNonNull(occupancyId, "occupancyId");
        Observation observation = new Observation();
        observation.setId(FhirIds.observationResourceId(identifierValue));
        observation.addIdentifier(new Identifier().setSystem(FhirCodes.OBSERVATION_IDENTIFIER).setValue(identifierValue));
        observation.setStatus(ObservationStatus.FINAL);
        observation.setSubject(patientReference(occupancyId));
        observation.setDevice(deviceReference(deviceId));
        observation.setEffective(dateTime(time));
        return observation;
    }

    static DateTimeType dateTime(Instant time) {
        DateTimeType dateTime = new DateTimeType(Date.from(time), TemporalPrecisionEnum.MILLI);
        dateTime.setTimeZone(TimeZone.getTimeZone("UTC"));
        return dateTime;
    }

    private static CodeableConcept vitalSignsCategory() {
        return new CodeableConcept()
                .addCoding(new Coding(FhirCodes.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"))
                .setText("Vital Signs");
    }

    private static Quantity quantity(VitalSign vital, double value) {
        return new Quantity()
                .setValue(BigDecimal.valueOf(value))
                .setUnit(vital.ucum())
                .setSystem(FhirCodes.UCUM)
                .setCode(vital.ucum());
    }

    private static ObservationComponentComponent component(Reading reading, Map<VitalSign, VitalLimits> limits) {
        ObservationComponentComponent component = new ObservationComponentComponent(codeOf(reading.vital()));
        if (reading.isUsable()) {
            component.setValue(quantity(reading.vital(), reading.value()));
            VitalLimits inForce = limits == null ? null : limits.get(reading.vital());
            interpretation(inForce, reading.value(), component.getInterpretation());
        } else {
            component.setDataAbsentReason(dataAbsentReason(reading));
        }
        return component;
    }

    private static void interpretation(VitalLimits limits, double value, java.util.List<CodeableConcept> target) {
        if (limits == null) return;
        VitalLimits.Interpretation interpretation = limits.interpret(value);
        if (interpretation == null) return;
        target.add(new CodeableConcept()
                .addCoding(new Coding(FhirCodes.INTERPRETATION, interpretation.code(), interpretation.display())));
    }

    /**
     * Data-absent-reason for an unusable reading: {@code temp-unknown} while the device is still
     * acquiring (searching, calibrating), {@code not-performed} with the sensor off, otherwise
     * {@code error} (artifact, invalid, or no value sent).
     */
    static CodeableConcept dataAbsentReason(Reading reading) {
        Quality quality = reading.quality();
        String code;
        String display;
        if (quality.has(Quality.Flag.SENSOR_OFF)) {
            code = "not-performed";
            display = "Not Performed";
        } else if (quality.has(Quality.Flag.SEARCHING) || quality.has(Quality.Flag.CALIBRATING)) {
            code = "temp-unknown";
            display = "Temporarily Unknown";
        } else {
            code = "error";
            display = "Error";
        }
        return new CodeableConcept()
                .addCoding(new Coding(FhirCodes.DATA_ABSENT_REASON, code, display))
                .setText("Device reported: " + quality);
    }

    private static void requireVital(Reading reading, VitalSign vital) {
        Objects.requireNonNull(reading, vital.name());
        if (reading.vital() != vital) {
            throw new IllegalArgumentException("expected a " + vital + " reading, got " + reading.vital());
        }
    }
}
