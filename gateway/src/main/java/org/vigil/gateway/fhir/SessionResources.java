package org.vigil.gateway.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.vigil.gateway.sessions.ChairSession;
import org.vigil.gateway.sessions.Dose;
import org.vigil.gateway.sessions.PatientHistory;
import org.vigil.gateway.sessions.Readiness;
import org.vigil.gateway.sessions.SessionAssessment;
import org.vigil.gateway.sessions.SessionReport;

/**
 * The FHIR R4 resources of a signed-off session: an Encounter for the session, a
 * MedicationAdministration per dose (its Medication contained, with the lot), a blood-pressure
 * panel Observation per validated measurement linked to the Encounter, and a QuestionnaireResponse
 * with the REMS monitoring fields against the Questionnaire Vigil ships
 * ({@code fhir/Questionnaire-rems-patient-monitoring.json}).
 */
public final class SessionResources {

    public static final String QUESTIONNAIRE_ID = "rems-patient-monitoring";
    public static final String QUESTIONNAIRE_URL = "urn:vigil:questionnaire:" + QUESTIONNAIRE_ID;
    static final String SESSION_IDENTIFIER = FhirCodes.SESSION_IDENTIFIER;
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private static final class Shipped {
        static final Questionnaire QUESTIONNAIRE = load();
    }

    private SessionResources() {
    }

    /** Every resource of the session, the Encounter first. */
    public static List<IBaseResource> of(SessionReport report) {
        ChairSession session = report.session();
        List<IBaseResource> resources = new ArrayList<>();
        resources.add(encounter(report));
        for (int i = 0; i < session.doses().size(); i++) resources.add(administration(session, session.doses().get(i), i + 1));
        for (SessionReport.BpMeasurement bp : report.bloodPressures()) resources.add(bloodPressure(session, bp));
        resources.add(questionnaireResponse(report));
        return resources;
    }

    /** The Questionnaire Vigil ships, as the FHIR API serves it. */
    public static Questionnaire questionnaire() {
        return Shipped.QUESTIONNAIRE.copy();
    }

    private static Questionnaire load() {
        try (InputStream in = SessionResources.class.getResourceAsStream("/fhir/Questionnaire-" + QUESTIONNAIRE_ID + ".json")) {
            if (in == null) throw new IllegalStateException("the shipped Questionnaire is missing");
            return FhirContextHolder.r4().newJsonParser().parseResource(Questionnaire.class,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reference encounterReference(ChairSession session) {
        return new Reference("Encounter/" + session.id())
                .setIdentifier(new Identifier().setSystem(SESSION_IDENTIFIER).setValue(session.id()));
    }

    private static Encounter encounter(SessionReport report) {
        ChairSession session = report.session();
        Encounter encounter = new Encounter();
        encounter.setId(session.id());
        encounter.addIdentifier(new Identifier().setSystem(SESSION_IDENTIFIER).setValue(session.id()));
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding(ACT_CODE, "AMB", "ambulatory"));
        encounter.addType(new CodeableConcept().setText("Ketamine-assisted psychotherapy session, monitored"));
        encounter.setSubject(ObservationFactory.patientReference(session.patientId()));
        encounter.setPeriod(new Period().setStartElement(ObservationFactory.dateTime(session.checkedInAt()))
                .setEndElement(ObservationFactory.dateTime(session.signOff().at())));
        encounter.getLocationFirstRep().getLocation().setDisplay(report.chair());
        return encounter;
    }

    private static MedicationAdministration administration(ChairSession session, Dose dose, int number) {
        MedicationAdministration administration = new MedicationAdministration();
        administration.setId(session.id() + "-dose-" + number);
        administration.addIdentifier(new Identifier().setSystem(SESSION_IDENTIFIER).setValue(session.id() + "/dose/" + number));
        administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        Medication medication = new Medication();
        medication.setId("medication");
        medication.setCode(new CodeableConcept().setText(dose.drug()));
        medication.getBatch().setLotNumber(dose.lot());
        administration.addContained(medication);
        administration.setMedication(new Reference("#medication"));
        administration.setSubject(ObservationFactory.patientReference(session.patientId()));
        administration.setContext(encounterReference(session));
        administration.setEffective(ObservationFactory.dateTime(dose.time()));
        administration.addPerformer().getActor().setDisplay(dose.givenBy());
        MedicationAdministration.MedicationAdministrationDosageComponent dosage = administration.getDosage();
        dosage.setRoute(new CodeableConcept().setText(dose.route()));
        dosage.setDose(new Quantity().setValue(BigDecimal.valueOf(dose.doseMg())).setUnit("mg")
                .setSystem(FhirCodes.UCUM).setCode("mg"));
        return administration;
    }

    private static Observation bloodPressure(ChairSession session, SessionReport.BpMeasurement bp) {
        Observation observation = new Observation();
        String key = session.id() + "/bp/" + bp.at().toEpochMilli();
        observation.setId(session.id() + "-bp-" + bp.at().toEpochMilli());
        observation.getMeta().addProfile(FhirCodes.PROFILE_BASE + "bp");
        observation.addIdentifier(new Identifier().setSystem(SESSION_IDENTIFIER).setValue(key));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept()
                .addCoding(new Coding(FhirCodes.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")).setText("Vital Signs"));
        observation.setCode(new CodeableConcept().addCoding(new Coding(FhirCodes.LOINC, FhirCodes.LOINC_BP_PANEL,
                "Blood pressure panel with all children optional")).setText("Blood pressure"));
        observation.setSubject(ObservationFactory.patientReference(session.patientId()));
        observation.setEncounter(encounterReference(session));
        observation.setEffective(ObservationFactory.dateTime(bp.at()));
        observation.addComponent(component("8480-6", "Systolic blood pressure", bp.systolic()));
        observation.addComponent(component("8462-4", "Diastolic blood pressure", bp.diastolic()));
        return observation;
    }

    private static Observation.ObservationComponentComponent component(String loinc, String display, double value) {
        return new Observation.ObservationComponentComponent(new CodeableConcept()
                .addCoding(new Coding(FhirCodes.LOINC, loinc, display)).setText(display))
                .setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("mmHg")
                        .setSystem(FhirCodes.UCUM).setCode("mm[Hg]"));
    }

    /** The REMS Patient Monitoring Form fields; those not recorded at check-in stay unanswered. */
    private static QuestionnaireResponse questionnaireResponse(SessionReport report) {
        ChairSession session = report.session();
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setId(session.id() + "-rems");
        response.setIdentifier(new Identifier().setSystem(SESSION_IDENTIFIER).setValue(session.id() + "/rems"));
        response.setQuestionnaire(QUESTIONNAIRE_URL);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(ObservationFactory.patientReference(session.patientId()));
        response.setEncounter(encounterReference(session));
        response.setAuthoredElement(ObservationFactory.dateTime(session.signOff().at()));
        response.getAuthor().setDisplay(session.signOff().by());
        answer(response, "patient-name", new StringType(session.patientName()));
        if (session.patient().birthDate() != null) {
            answer(response, "birth-date", new DateType(session.patient().birthDate().toString()));
        }
        PatientHistory history = session.history();
        if (history.sex() != null) {
            answer(response, "sex", new Coding("http://hl7.org/fhir/administrative-gender", history.sex().code(),
                    history.sex().code().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + history.sex().code().substring(1)));
        }
        if (history.firstTreatment() != null) answer(response, "first-treatment", new BooleanType(history.firstTreatment()));
        if (history.concomitant() != null) {
            for (PatientHistory.ConcomitantMedicine medicine : PatientHistory.ConcomitantMedicine.values()) {
                answer(response, "concomitant-" + medicine.code(), new BooleanType(history.concomitant().contains(medicine)));
            }
        }
        answer(response, "monitoring-provider", new StringType(session.signOff().by()));
        answer(response, "setting", new StringType(report.chair()));
        Optional<Dose> dose = session.doses().stream().findFirst();
        dose.ifPresent(d -> {
            answer(response, "treatment-date", new DateType(d.time().atOffset(ZoneOffset.UTC).toLocalDate().toString()));
            answer(response, "dose-mg", new DecimalType(BigDecimal.valueOf(d.doseMg())));
            answer(response, "lot", new StringType(d.lot()));
            if (d.vitalsAcceptable() != null) answer(response, "vitals-acceptable-before-dosing", new BooleanType(d.vitalsAcceptable()));
        });
        answer(response, "monitoring-minutes", new IntegerType((int) report.monitoringMinutes()));
        report.readyMinutesAfterDose().ifPresent(m -> answer(response, "ready-minutes", new IntegerType(m.intValue())));
        report.beforeDosing().ifPresent(bp -> answer(response, "bp-before-dosing", new StringType(bp(bp))));
        report.atFortyMinutes().ifPresent(bp -> answer(response, "bp-40-minutes", new StringType(bp(bp))));
        report.beforeCompletion().ifPresent(bp -> answer(response, "bp-before-completion", new StringType(bp(bp))));
        boolean vitalsAtEnd = report.readinessAtSignOff().criteria().stream()
                .filter(c -> c.id().equals("vitals-at-baseline")).anyMatch(Readiness.Criterion::met);
        answer(response, "vitals-acceptable-before-completion", new BooleanType(vitalsAtEnd));
        List<SessionAssessment> assessments = session.assessments();
        Optional<SessionAssessment> latest = session.latestAssessment();
        if (latest.isPresent()) {
            answer(response, "sedation-occurred", new BooleanType(assessments.stream().anyMatch(a -> a.sedation() < SessionAssessment.ALERT)));
            answer(response, "sedation-resolved", new BooleanType(latest.get().sedation() == SessionAssessment.ALERT));
            answer(response, "dissociation-occurred", new BooleanType(assessments.stream().anyMatch(a -> a.dissociation().present())));
            answer(response, "dissociation-resolved", new BooleanType(!latest.get().dissociation().present()));
            answer(response, "respiratory-depression-occurred", new BooleanType(assessments.stream().anyMatch(SessionAssessment::respiratoryDepression)));
            answer(response, "respiratory-depression-resolved", new BooleanType(!latest.get().respiratoryDepression()));
        }
        return response;
    }

    private static String bp(SessionReport.BpMeasurement bp) {
        return Math.round(bp.systolic()) + "/" + Math.round(bp.diastolic()) + " mmHg";
    }

    private static void answer(QuestionnaireResponse response, String linkId, Type value) {
        QuestionnaireResponseItemComponent item = response.addItem().setLinkId(linkId);
        item.setText(Shipped.QUESTIONNAIRE.getItem().stream().filter(q -> q.getLinkId().equals(linkId)).findFirst()
                .map(Questionnaire.QuestionnaireItemComponent::getText).orElse(null));
        item.addAnswer().setValue(value);
    }
}
