package org.vigil.gateway.fhir;

import static org.vigil.gateway.fhir.FhirError.badRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;

/** The decoded query parameters of one FHIR request, in the order given; refuses what a search does not support. */
final class FhirSearchParameters {

    private static final Set<String> FORMATS = Set.of("json", "application/json", "application/fhir+json");

    private final Map<String, List<String>> parameters;

    private FhirSearchParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** Parses {@code a=1&b=2}; {@code _format} is checked (JSON only, else 406) and removed. */
    static FhirSearchParameters parse(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new FhirSearchParameters(parameters);
    }

    void checkFormat() {
        List<String> format = parameters.remove("_format");
        if (format == null) return;
        for (String value : format) {
            if (!FORMATS.contains(value)) {
                throw new FhirError(406, OperationOutcome.IssueType.NOTSUPPORTED, "only JSON is supported, not _format=" + value);
            }
        }
    }

    void reject(Set<String> supported) {
        for (String name : parameters.keySet()) {
            if (!supported.contains(name)) {
                throw badRequest("search parameter '" + name + "' is not supported" + (supported.isEmpty() ? " here" : "; supported: " + String.join(", ", supported)));
            }
        }
    }

    List<String> values(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    String single(String name) {
        List<String> values = parameters.get(name);
        if (values == null) return null;
        if (values.size() > 1) throw badRequest(name + " may be given only once");
        return values.get(0);
    }

    int integer(String name, int fallback, int min, int max) {
        String value = single(name);
        if (value == null) return fallback;
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) throw new NumberFormatException();
            return number;
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badRequest("malformed percent-encoding in '" + text + "'");
        }
    }
}
