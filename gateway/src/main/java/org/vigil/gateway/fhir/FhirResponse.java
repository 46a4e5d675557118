package org.vigil.gateway.fhir;

/**
 * An answer of the FHIR API, for the HTTP server to write as it is.
 *
 * @param status      HTTP status
 * @param contentType always {@code application/fhir+json}; the body is written as UTF-8
 * @param body        a FHIR resource in JSON
 */
public record FhirResponse(int status, String contentType, String body) {
}
