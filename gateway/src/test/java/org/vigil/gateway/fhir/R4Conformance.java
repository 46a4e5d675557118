package org.vigil.gateway.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates resources offline against the FHIR R4 core profiles (hapi-fhir-validation-resources-r4),
 * and QuestionnaireResponses against the Questionnaire the gateway ships.
 */
public final class R4Conformance {

    private static final class Holder {
        static final FhirValidator VALIDATOR = create();
    }

    private R4Conformance() {
    }

    /** Error and fatal messages of validating a resource against its declared profiles. */
    public static List<String> errorsOf(IBaseResource resource) {
        ValidationResult result = Holder.VALIDATOR.validateWithResult(resource);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Conformance::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getLocationString() + ": " + message.getMessage();
    }

    private static FhirValidator create() {
        var context = FhirContextHolder.r4();
        PrePopulatedValidationSupport shipped = new PrePopulatedValidationSupport(context);
        shipped.addResource(SessionResources.questionnaire());
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                shipped,
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setNoTerminologyChecks(false);
        FhirValidator validator = context.newValidator();
        validator.registerValidatorModule(instanceValidator);
        return validator;
    }
}
