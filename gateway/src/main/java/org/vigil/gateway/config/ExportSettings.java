package org.vigil.gateway.config;

/**
 * Store-and-forward export to the clinic's FHIR server; off unless {@code base-url} is set.
 *
 * @param authorizationEnv name of the environment variable holding the whole Authorization
 *                         header value (e.g. {@code Bearer ...}), so no credential sits in the file
 */
public record ExportSettings(String baseUrl, String authorizationEnv, Integer batchSize) {

    public static final ExportSettings DEFAULT = new ExportSettings(null, null, null);

    public ExportSettings {
        batchSize = batchSize == null ? 50 : batchSize;
    }

    public boolean enabled() {
        return baseUrl != null;
    }
}
