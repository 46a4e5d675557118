package org.vigil.gateway.export;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.vigil.gateway.storage.OutboxEntry;

/** Posts transaction Bundles to the external FHIR server's base and classifies the answer. */
final class TransactionClient {

    private static final String FHIR_JSON = "application/fhir+json";

    private final ExportConfig config;
    private final FhirContext fhirContext;
    private final HttpClient http;
    private final URI transactionUrl;

    TransactionClient(ExportConfig config, FhirContext fhirContext) {
        this.config = config;
        this.fhirContext = fhirContext;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        String base = config.baseUrl().toString();
        this.transactionUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    TransactionOutcome send(List<OutboxEntry> entries) {
        String body;
        try {
            body = fhirContext.newJsonParser().encodeResourceToString(ExportBundle.transaction(fhirContext, entries));
        } catch (RuntimeException e) {
            return TransactionOutcome.refused("cannot encode: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(transactionUrl)
                .timeout(config.requestTimeout())
                .header("Content-Type", FHIR_JSON + "; charset=utf-8")
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (config.authorizationHeader() != null) request.header("Authorization", config.authorizationHeader());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return TransactionOutcome.retry("cannot reach " + config.baseUrl() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TransactionOutcome.retry("interrupted");
        }
        return TransactionOutcome.of(response.statusCode(), response.body(), fhirContext);
    }
}
