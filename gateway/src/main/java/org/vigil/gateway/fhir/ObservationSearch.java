package org.vigil.gateway.fhir;

import static org.vigil.gateway.fhir.FhirError.badRequest;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;
import org.vigil.gateway.storage.ObservationQuery;

/**
 * An Observation search by subject, code and date, with paging, as the client asked for it.
 *
 * @param notBefore inclusive, {@code null} for open
 * @param notAfter  inclusive, {@code null} for open
 */
record ObservationSearch(String subject, String codeSystem, String code, Instant notBefore, Instant notAfter,
                         int offset, int count) {

    static final Set<String> PARAMETERS = Set.of("subject", "code", "date", "_count", "_offset");
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");

    static ObservationSearch from(FhirSearchParameters parameters) {
        parameters.reject(PARAMETERS);
        String subject = parameters.single("subject");
        if (subject != null) {
            String id = subject.startsWith("Patient/") ? subject.substring("Patient/".length()) : null;
            if (id == null || !FhirIds.isValidId(id)) {
                throw badRequest("subject must be Patient/{id}, got '" + subject + "'");
            }
        }
        String codeSystem = null;
        String code = null;
        String codeParameter = parameters.single("code");
        if (codeParameter != null) {
            if (codeParameter.contains(",")) throw badRequest("code with several values (OR) is not supported");
            int bar = codeParameter.indexOf('|');
            if (bar < 0) {
                code = codeParameter;
            } else {
                codeSystem = codeParameter.substring(0, bar);
                code = codeParameter.substring(bar + 1);
                if (codeSystem.isEmpty()) throw badRequest("code must be {system}|{code} or {code}, got '" + codeParameter + "'");
            }
            if (code.isEmpty()) throw badRequest("code must be {system}|{code} or {code}, got '" + codeParameter + "'");
        }
        Instant notBefore = null;
        Instant notAfter = null;
        for (String date : parameters.values("date")) {
            Range range = dateRange(date);
            if (range.notBefore != null && (notBefore == null || range.notBefore.isAfter(notBefore))) notBefore = range.notBefore;
            if (range.notAfter != null && (notAfter == null || range.notAfter.isBefore(notAfter))) notAfter = range.notAfter;
        }
        int count = parameters.integer("_count", FhirApi.DEFAULT_COUNT, 1, FhirApi.MAX_COUNT);
        int offset = parameters.integer("_offset", 0, 0, Integer.MAX_VALUE);
        return new ObservationSearch(subject, codeSystem, code, notBefore, notAfter, offset, count);
    }

    /** True when the date parameters exclude each other, so nothing can match. */
    boolean matchesNothing() {
        return notBefore != null && notAfter != null && notBefore.isAfter(notAfter);
    }

    ObservationQuery query() {
        return new ObservationQuery(subject, codeSystem, code, notBefore, notAfter, offset, count);
    }

    /** A date search value, with prefix eq (default), ge, gt, le or lt, as an inclusive range. */
    private static Range dateRange(String parameter) {
        String prefix = parameter.length() > 2 && Character.isLetter(parameter.charAt(0)) ? parameter.substring(0, 2) : "eq";
        String value = parameter.length() > 2 && Character.isLetter(parameter.charAt(0)) ? parameter.substring(2) : parameter;
        Instant lower;
        Instant upperExclusive;
        try {
            if (DATE_ONLY.matcher(value).matches()) {
                if (value.length() == 4) {
                    lower = LocalDate.of(Integer.parseInt(value), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    upperExclusive = lower.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
                } else if (value.length() == 7) {
                    lower = YearMonth.parse(value).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    upperExclusive = lower.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
                } else {
                    lower = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                    upperExclusive = lower.plus(1, ChronoUnit.DAYS);
                }
            } else {
                if (!value.contains("T") || !(value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$"))) {
                    throw badRequest("date '" + value + "' needs a time zone (e.g. 2026-03-02T09:00:00Z)");
                }
                DateTimeType dateTime = new DateTimeType(value);
                lower = dateTime.getValue().toInstant();
                TemporalPrecisionEnum precision = dateTime.getPrecision();
                upperExclusive = switch (precision) {
                    case MINUTE -> lower.plus(1, ChronoUnit.MINUTES);
                    case SECOND -> lower.plusSeconds(1);
                    default -> lower.plusMillis(1);
                };
            }
        } catch (DataFormatException | DateTimeException | IllegalArgumentException e) {
            if (e instanceof FhirError error) throw error;
            throw badRequest("date '" + value + "' is not a FHIR date or dateTime");
        }
        Instant upper = upperExclusive.minusMillis(1);
        return switch (prefix) {
            case "eq" -> new Range(lower, upper);
            case "ge" -> new Range(lower, null);
            case "gt" -> new Range(upperExclusive, null);
            case "le" -> new Range(null, upper);
            case "lt" -> new Range(null, lower.minusMillis(1));
            default -> throw badRequest("date prefix '" + prefix + "' is not supported (use eq, ge, gt, le, lt)");
        };
    }

    private record Range(Instant notBefore, Instant notAfter) {
    }
}
