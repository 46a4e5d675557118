package org.vigil.gateway.config;

/**
 * Store-and-forward export to the clinic's FHIR server; off unless {@code base-url} is set.
 *
 * @param authorizationEnv name of the environment variable holding the whole Authorization
 *                         header value (e.g. {@code Bearer ...}), so no credential sits in the file
 * @param lagAlarm         the export is a technical alarm once the oldest unsent resource is this old
 */
public record ExportSettings(String baseUrl, String authorizationEnv, Integer batchSize, DurationText lagAlarm) {

    public static final ExportSettings DEFAULT = new ExportSettings(null, null, null, null);

    public ExportSettings {
        batchSize = batchSize == null ? 50 : batchSize;
        lagAlarm = lagAlarm == null ? DurationText.parse("15m") : lagAlarm;
    }


    public boolean enabled() {
        return baseUrl != null;
    }
}
