package org.vigil.gateway.export;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gateway forwards its FHIR resources.
 *
 * @param baseUrl             the external server's FHIR base, e.g. {@code https://ehr.example.org/fhir}
 * @param authorizationHeader value of the {@code Authorization} header, e.g. {@code Bearer ...};
 *                            {@code null} for none
 * @param batchSize           resources per transaction Bundle
 * @param pollInterval        how often an idle exporter looks for new entries
 * @param initialBackoff      wait after the first failed attempt; doubled per failure
 * @param maxBackoff          the longest wait between attempts
 * @param requestTimeout      how long one request may take
 */
public record ExportConfig(URI baseUrl, String authorizationHeader, int batchSize, Duration pollInterval,
                           Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {

    public static final int DEFAULT_BATCH_SIZE = 50;

    public ExportConfig {
        Objects.requireNonNull(baseUrl, "export.baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("export.baseUrl must be an http or https URL, got " + baseUrl);
        }
        if (batchSize < 1) throw new IllegalArgumentException("export.batchSize must be at least 1, got " + batchSize);
        requirePositive(pollInterval, "export.pollInterval");
        requirePositive(initialBackoff, "export.initialBackoff");
        requirePositive(maxBackoff, "export.maxBackoff");
        requirePositive(requestTimeout, "export.requestTimeout");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("export.maxBackoff must not be shorter than export.initialBackoff");
        }
    }

    /** Defaults: batches of 50, poll every 2 s, back off from 1 s up to 5 min, 30 s per request. */
    public static ExportConfig to(URI baseUrl, String authorizationHeader) {
        return new ExportConfig(baseUrl, authorizationHeader, DEFAULT_BATCH_SIZE, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    public ExportConfig withTimings(Duration pollInterval, Duration initialBackoff, Duration maxBackoff) {
        return new ExportConfig(baseUrl, authorizationHeader, batchSize, pollInterval, initialBackoff, maxBackoff, requestTimeout);
    }

    public ExportConfig withBatchSize(int batchSize) {
        return new ExportConfig(baseUrl, authorizationHeader, batchSize, pollInterval, initialBackoff, maxBackoff, requestTimeout);
    }

    private static void requirePositive(Duration duration, String key) {
        Objects.requireNonNull(duration, key);
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException(key + " must be positive");
    }
}
