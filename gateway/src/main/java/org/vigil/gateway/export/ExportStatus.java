package org.vigil.gateway.export;

import java.time.Instant;

/**
 * How the export is going, for health and metrics.
 *
 * @param consecutiveFailures failed attempts since the last success (server down, 5xx)
 * @param lastSuccessAt       when a batch last went through, {@code null} if never
 * @param lastError           the last failure or refusal, {@code null} if none
 * @param sent                resources sent since start
 * @param parked              resources the server refused since start
 */
public record ExportStatus(int consecutiveFailures, Instant lastSuccessAt, String lastError, long sent, long parked) {
}
