package org.vigil.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.storage.FhirResourceRepository;
import org.vigil.gateway.storage.ObservationQuery;
import org.vigil.gateway.storage.Page;
import org.vigil.gateway.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's read-only FHIR R4 API, independent of the HTTP server: the server passes the
 * method and the raw path with query, and writes the {@link FhirResponse} back. It serves
 * {@code metadata}, reads of Observation, Patient and Device, Observation search by subject, code
 * and date with paging, and Patient and Device search by identifier. Bad requests get a 4xx
 * OperationOutcome; parameters it does not support are refused (400), not ignored, so a client
 * never mistakes an unfiltered result for a filtered one.
 *
 * <p>Calls block on storage: run them on a worker pool, not on a Netty event loop. Thread-safe.
 */
public final class FhirApi {

    public static final String CONTENT_TYPE = "application/fhir+json";
    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(FhirApi.class);
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    private static final Set<String> FORMATS = Set.of("json", "application/json", "application/fhir+json");

    private final FhirResourceRepository resources;
    private final FhirContext fhirContext;
    private final String base;
    private final String basePath;
    private final Clock clock;

    /**
     * @param publicBase the FHIR base as clients see it, e.g. {@code http://gateway:8080/fhir};
     *                   its path is the prefix of every request path
     */
    public FhirApi(FhirResourceRepository resources, FhirContext fhirContext, URI publicBase, Clock clock) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
        this.clock = Objects.requireNonNull(clock, "clock");
        String text = publicBase.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        String path = publicBase.getPath() == null ? "" : publicBase.getPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public FhirResponse handle(String method, String pathAndQuery) {
        try {
            return route(method, pathAndQuery);
        } catch (BadRequest e) {
            return outcome(e.status, e.type, e.getMessage());
        } catch (StorageException e) {
            return outcome(503, OperationOutcome.IssueType.TRANSIENT, "storage unavailable, try again later");
        } catch (RuntimeException e) {
            LOG.error("FHIR API failed on {} {}", method, pathAndQuery, e);
            return outcome(500, OperationOutcome.IssueType.EXCEPTION, "internal error");
        }
    }

    private FhirResponse route(String method, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Map<String, List<String>> parameters = parseQuery(question < 0 ? "" : pathAndQuery.substring(question + 1));
        if (!path.startsWith(basePath + "/")) throw notFound("no FHIR endpoint at " + path);
        String[] segments = path.substring(basePath.length() + 1).split("/", -1);
        if (!"GET".equals(method)) {
            throw new BadRequest(405, OperationOutcome.IssueType.NOTSUPPORTED, "this FHIR API is read-only: " + method + " is not supported");
        }
        checkFormat(parameters);
        if (segments.length == 1 && segments[0].equals("metadata")) {
            return ok(capabilityStatement());
        }
        String type = segments[0];
        if (!Set.of("Observation", "Patient", "Device").contains(type)) {
            throw notFound("resource type " + type + " is not supported");
        }
        if (segments.length == 1) {
            return type.equals("Observation") ? searchObservations(parameters) : searchByIdentifier(type, parameters);
        }
        if (segments.length == 2) {
            String id = segments[1];
            if (!FhirIds.isValidId(id)) throw badRequest("'" + id + "' is not a valid resource id");
            rejectParameters(parameters, Set.of());
            Optional<String> json = switch (type) {
                case "Observation" -> resources.observation(id);
                case "Patient" -> resources.patient(id);
                default -> resources.device(id);
            };
            return json.map(body -> new FhirResponse(200, CONTENT_TYPE, body))
                    .orElseThrow(() -> notFound(type + "/" + id + " is not known"));
        }
        throw notFound("no FHIR endpoint at " + path);
    }

    private FhirResponse searchObservations(Map<String, List<String>> parameters) {
        rejectParameters(parameters, Set.of("subject", "code", "date", "_count", "_offset"));
        String subject = single(parameters, "subject");
        if (subject != null) {
            String id = subject.startsWith("Patient/") ? subject.substring("Patient/".length()) : null;
            if (id == null || !FhirIds.isValidId(id)) {
                throw badRequest("subject must be Patient/{id}, got '" + subject + "'");
            }
        }
        String codeSystem = null;
        String code = null;
        String codeParameter = single(parameters, "code");
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
        for (String date : parameters.getOrDefault("date", List.of())) {
            Range range = dateRange(date);
            if (range.notBefore != null && (notBefore == null || range.notBefore.isAfter(notBefore))) notBefore = range.notBefore;
            if (range.notAfter != null && (notAfter == null || range.notAfter.isBefore(notAfter))) notAfter = range.notAfter;
        }
        int count = integer(parameters, "_count", DEFAULT_COUNT, 1, MAX_COUNT);
        int offset = integer(parameters, "_offset", 0, 0, Integer.MAX_VALUE);
        Page<String> page = (notBefore != null && notAfter != null && notBefore.isAfter(notAfter))
                ? new Page<>(List.of(), false)
                : resources.searchObservations(new ObservationQuery(subject, codeSystem, code, notBefore, notAfter, offset, count));

        Bundle bundle = searchset("Observation", page.items());
        bundle.addLink().setRelation("self").setUrl(searchUrl("Observation", parameters, offset, count));
        if (page.hasMore()) {
            bundle.addLink().setRelation("next").setUrl(searchUrl("Observation", parameters, offset + count, count));
        }
        if (offset > 0) {
            bundle.addLink().setRelation("previous").setUrl(searchUrl("Observation", parameters, Math.max(0, offset - count), count));
        }
        return ok(bundle);
    }

    private FhirResponse searchByIdentifier(String type, Map<String, List<String>> parameters) {
        rejectParameters(parameters, Set.of("identifier"));
        String identifier = single(parameters, "identifier");
        if (identifier == null || identifier.isEmpty()) throw badRequest(type + " search needs identifier={system}|{value} or identifier={value}");
        if (identifier.contains(",")) throw badRequest("identifier with several values (OR) is not supported");
        int bar = identifier.indexOf('|');
        String system = bar < 0 ? null : identifier.substring(0, bar);
        String value = bar < 0 ? identifier : identifier.substring(bar + 1);
        if (value.isEmpty() || (system != null && system.isEmpty())) {
            throw badRequest("identifier must be {system}|{value} or {value}, got '" + identifier + "'");
        }
        List<String> found = type.equals("Patient") ? resources.findPatients(system, value) : resources.findDevices(system, value);
        Bundle bundle = searchset(type, found);
        bundle.addLink().setRelation("self").setUrl(base + "/" + type + "?identifier=" + encode(identifier));
        return ok(bundle);
    }

    private Bundle searchset(String type, List<String> resources) {
        IParser parser = fhirContext.newJsonParser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setTimestamp(Date.from(clock.instant()));
        for (String json : resources) {
            Resource resource = (Resource) parser.parseResource(json);
            bundle.addEntry()
                    .setFullUrl(base + "/" + type + "/" + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private String searchUrl(String type, Map<String, List<String>> parameters, int offset, int count) {
        StringBuilder url = new StringBuilder(base).append('/').append(type).append('?');
        for (String name : List.of("subject", "code", "date")) {
            for (String value : parameters.getOrDefault(name, List.of())) {
                url.append(name).append('=').append(encode(value)).append('&');
            }
        }
        url.append("_count=").append(count);
        if (offset > 0) url.append("&_offset=").append(offset);
        return url.toString();
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
        } catch (DataFormatException | java.time.DateTimeException | IllegalArgumentException e) {
            if (e instanceof BadRequest badRequest) throw badRequest;
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

    private CapabilityStatement capabilityStatement() {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(Date.from(clock.instant()));
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.getSoftware().setName("Vigil gateway");
        statement.getImplementation().setDescription("Vigil vital-signs gateway, read-only FHIR API").setUrl(base);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER)
                .setDocumentation("Read-only. Unsupported search parameters are refused with 400. "
                        + "Observation search pages with _count (1-" + MAX_COUNT + ", default " + DEFAULT_COUNT + ") and _offset.");
        CapabilityStatementRestResourceComponent observation = resource(rest, "Observation");
        for (String profile : List.of("vitalsigns", "oxygensat", "heartrate", "bp", "resprate", "bodytemp")) {
            observation.addSupportedProfile(FhirCodes.PROFILE_BASE + profile);
        }
        observation.addSearchParam().setName("subject").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Patient/{id} only");
        observation.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("{system}|{code} or {code}; LOINC and MDC codes both match; one value");
        observation.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE)
                .setDocumentation("prefixes eq, ge, gt, le, lt; may repeat to give a range");
        for (String type : List.of("Patient", "Device")) {
            resource(rest, type).addSearchParam().setName("identifier").setType(Enumerations.SearchParamType.TOKEN)
                    .setDocumentation("{system}|{value} or {value}; one value");
        }
        return statement;
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type)
                .setProfile("http://hl7.org/fhir/StructureDefinition/" + type)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION)
                .setReadHistory(false)
                .setUpdateCreate(false)
                .setConditionalCreate(false)
                .setConditionalUpdate(false)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        return resource;
    }

    private static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query.isEmpty()) return parameters;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badRequest("malformed percent-encoding in '" + text + "'");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%7C", "|").replace("%3A", ":").replace("%2F", "/");
    }

    private static void checkFormat(Map<String, List<String>> parameters) {
        List<String> format = parameters.remove("_format");
        if (format == null) return;
        for (String value : format) {
            if (!FORMATS.contains(value)) {
                throw new BadRequest(406, OperationOutcome.IssueType.NOTSUPPORTED, "only JSON is supported, not _format=" + value);
            }
        }
    }

    private static void rejectParameters(Map<String, List<String>> parameters, Set<String> supported) {
        for (String name : parameters.keySet()) {
            if (!supported.contains(name)) {
                throw badRequest("search parameter '" + name + "' is not supported" + (supported.isEmpty() ? " here" : "; supported: " + String.join(", ", supported)));
            }
        }
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null) return null;
        if (values.size() > 1) throw badRequest(name + " may be given only once");
        return values.get(0);
    }

    private static int integer(Map<String, List<String>> parameters, String name, int fallback, int min, int max) {
        String value = single(parameters, name);
        if (value == null) return fallback;
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) throw new NumberFormatException();
            return number;
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    private FhirResponse ok(Resource resource) {
        return new FhirResponse(200, CONTENT_TYPE, fhirContext.newJsonParser().encodeResourceToString(resource));
    }

    private FhirResponse outcome(int status, OperationOutcome.IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return new FhirResponse(status, CONTENT_TYPE, fhirContext.newJsonParser().encodeResourceToString(outcome));
    }

    private static BadRequest badRequest(String message) {
        return new BadRequest(400, OperationOutcome.IssueType.INVALID, message);
    }

    private static BadRequest notFound(String message) {
        return new BadRequest(404, OperationOutcome.IssueType.NOTFOUND, message);
    }

    private static final class BadRequest extends IllegalArgumentException {
        final int status;
        final OperationOutcome.IssueType type;

        BadRequest(int status, OperationOutcome.IssueType type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }
}
