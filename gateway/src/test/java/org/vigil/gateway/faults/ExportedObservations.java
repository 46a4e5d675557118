package org.vigil.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.vigil.gateway.export.InMemoryFhirServer;

/**
 * The Observations a gateway stored (its own FHIR API) against those a FHIR server created from its
 * export, compared by their {@code urn:vigil:observation} identifiers.
 */
record ExportedObservations(List<String> stored, List<String> created, int received) {

    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * Waits until the server holds every Observation the gateway stored, then checks that it created
     * none twice. Both lists are read in the same poll, so that one charted later cannot slip between.
     */
    static ExportedObservations awaitExactlyOnce(GatewayClient gateway, InMemoryFhirServer server, Duration bound) {
        AtomicReference<ExportedObservations> seen = new AtomicReference<>();
        await("every stored Observation on the FHIR server").atMost(bound).pollInterval(POLL).until(() -> {
            ExportedObservations now = new ExportedObservations(gateway.observationIdentifiers(),
                    server.createdObservationIdentifiers(), server.observationsReceived());
            seen.set(now);
            return new HashSet<>(now.created).equals(new HashSet<>(now.stored));
        });
        ExportedObservations result = seen.get();
        assertThat(result.stored).as("identifiers of the gateway's Observations").doesNotHaveDuplicates();
        assertThat(result.created).as("Observations created on the FHIR server").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(result.stored);
        return result;
    }

    /** Observations the server received again and matched to one it had (conditional create). */
    int resent() {
        return received - created.size();
    }
}
