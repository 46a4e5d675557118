package org.vigil.gateway.export;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the FHIR server made of one transaction, and the server's reason when it was not accepted. */
record TransactionOutcome(Kind kind, String detail) {

    enum Kind {
        ACCEPTED,
        /** The server could not be reached, failed, or asked to come back later; the batch stays queued. */
        RETRY,
        /** The server refused the content; the resources are parked. */
        REFUSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransactionOutcome.class);

    static TransactionOutcome retry(String detail) {
        return new TransactionOutcome(Kind.RETRY, detail);
    }

    static TransactionOutcome refused(String detail) {
        return new TransactionOutcome(Kind.REFUSED, detail);
    }

    /** 2xx is accepted; 5xx, 401, 403, 407, 408, 429 and non-error codes are retried; other 4xx are refused. */
    static TransactionOutcome of(int code, String body, FhirContext fhirContext) {
        if (code >= 200 && code < 300) return new TransactionOutcome(Kind.ACCEPTED, null);
        String detail = "HTTP " + code + ": " + describe(body, fhirContext);
        boolean retryable = code >= 500 || code == 401 || code == 403 || code == 407 || code == 408 || code == 429 || code < 400;
        return new TransactionOutcome(retryable ? Kind.RETRY : Kind.REFUSED, detail);
    }

    /** The issues of an OperationOutcome answer, else the start of the body. */
    private static String describe(String body, FhirContext fhirContext) {
        if (body == null || body.isBlank()) return "(no body)";
        try {
            IBaseResource parsed = fhirContext.newJsonParser().parseResource(body);
            if (parsed instanceof OperationOutcome outcome) {
                List<String> issues = new ArrayList<>();
                for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                    String text = issue.hasDiagnostics() ? issue.getDiagnostics() : issue.getDetails().getText();
                    issues.add(issue.getSeverity().toCode() + " " + issue.getCode().toCode() + ": " + text);
                }
                return "OperationOutcome " + String.join("; ", issues);
            }
        } catch (RuntimeException e) {
            LOG.debug("Answer is not a FHIR resource: {}", e.getMessage());
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
