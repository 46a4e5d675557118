package org.vigil.gateway.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/** A request the FHIR API refuses, with the HTTP status and the OperationOutcome issue type to answer with. */
final class FhirError extends IllegalArgumentException {

    private final int status;
    private final OperationOutcome.IssueType type;

    FhirError(int status, OperationOutcome.IssueType type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    static FhirError badRequest(String message) {
        return new FhirError(400, OperationOutcome.IssueType.INVALID, message);
    }

    static FhirError notFound(String message) {
        return new FhirError(404, OperationOutcome.IssueType.NOTFOUND, message);
    }

    int status() {
        return status;
    }

    OperationOutcome.IssueType type() {
        return type;
    }

    /** An OperationOutcome with one error issue. */
    static OperationOutcome outcome(OperationOutcome.IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return outcome;
    }
}
