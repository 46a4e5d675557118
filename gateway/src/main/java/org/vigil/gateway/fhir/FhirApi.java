package org.vigil.gateway.fhir;

import static org.vigil.gateway.fhir.FhirError.badRequest;
import static org.vigil.gateway.fhir.FhirError.notFound;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.gateway.logging.LogText;
import org.vigil.gateway.storage.FhirResourceRepository;
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
    private static final Set<String> TYPES = Set.of("Observation", "Patient", "Device", "Encounter",
            "MedicationAdministration", "QuestionnaireResponse", "Questionnaire");
    /** The session resources searched by their Encounter, and the search parameter that names it. */
    private static final Map<String, String> BY_ENCOUNTER = Map.of("QuestionnaireResponse", "encounter",
            "MedicationAdministration", "context");

    private final FhirResourceRepository resources;
    private final FhirContext fhirContext;
    private final String base;
    private final String basePath;
    private final Clock clock;
    private final SearchBundles bundles;

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
        this.bundles = new SearchBundles(fhirContext, base, clock);
    }

    public FhirResponse handle(String method, String pathAndQuery) {
        try {
            return route(method, pathAndQuery);
        } catch (FhirError e) {
            return outcome(e.status(), e.type(), e.getMessage());
        } catch (StorageException e) {
            return outcome(503, OperationOutcome.IssueType.TRANSIENT, "storage unavailable, try again later");
        } catch (RuntimeException e) {
            LOG.error("FHIR API failed on {} {}", method, LogText.escape(pathAndQuery), e);
            return outcome(500, OperationOutcome.IssueType.EXCEPTION, "internal error");
        }
    }

    private FhirResponse route(String method, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        FhirSearchParameters parameters = FhirSearchParameters.parse(question < 0 ? "" : pathAndQuery.substring(question + 1));
        if (!path.startsWith(basePath + "/")) throw notFound("no FHIR endpoint at " + path);
        String[] segments = path.substring(basePath.length() + 1).split("/", -1);
        if (!"GET".equals(method)) {
            throw new FhirError(405, OperationOutcome.IssueType.NOTSUPPORTED, "this FHIR API is read-only: " + method + " is not supported");
        }
        parameters.checkFormat();
        if (segments.length == 1 && segments[0].equals("metadata")) {
            return ok(FhirCapabilities.statement(base, clock.instant()));
        }
        String type = segments[0];
        if (!TYPES.contains(type)) {
            throw notFound("resource type " + type + " is not supported");
        }
        if (segments.length == 1) {
            if (BY_ENCOUNTER.containsKey(type)) return searchByEncounter(type, parameters);
            if (type.equals("Encounter") || type.equals("Questionnaire")) {
                throw badRequest(type + " is read by id only: GET " + type + "/{id}");
            }
            return type.equals("Observation") ? searchObservations(parameters) : searchByIdentifier(type, parameters);
        }
        if (segments.length == 2) {
            return read(type, segments[1], parameters);
        }
        throw notFound("no FHIR endpoint at " + path);
    }

    private FhirResponse read(String type, String id, FhirSearchParameters parameters) {
        if (!FhirIds.isValidId(id)) throw badRequest("'" + id + "' is not a valid resource id");
        parameters.reject(Set.of());
        Optional<String> json = switch (type) {
            case "Observation" -> resources.observation(id).or(() -> resources.sessionResource(type, id));
            case "Encounter", "MedicationAdministration", "QuestionnaireResponse" -> resources.sessionResource(type, id);
            case "Questionnaire" -> id.equals(SessionResources.QUESTIONNAIRE_ID)
                    ? Optional.of(fhirContext.newJsonParser().encodeResourceToString(SessionResources.questionnaire()))
                    : Optional.empty();
            case "Patient" -> resources.patient(id);
            default -> resources.device(id);
        };
        return json.map(body -> new FhirResponse(200, CONTENT_TYPE, body))
                .orElseThrow(() -> notFound(type + "/" + id + " is not known"));
    }

    private FhirResponse searchObservations(FhirSearchParameters parameters) {
        ObservationSearch search = ObservationSearch.from(parameters);
        Page<String> page = search.matchesNothing()
                ? new Page<>(List.of(), false)
                : resources.searchObservations(search.query());
        return ok(bundles.observations(page, search, parameters));
    }

    /** {@code QuestionnaireResponse?encounter=Encounter/{id}}, {@code MedicationAdministration?context=Encounter/{id}}. */
    private FhirResponse searchByEncounter(String type, FhirSearchParameters parameters) {
        String name = BY_ENCOUNTER.get(type);
        parameters.reject(Set.of(name));
        String value = parameters.single(name);
        if (value == null || !value.startsWith("Encounter/") || !FhirIds.isValidId(value.substring("Encounter/".length()))) {
            throw badRequest(type + " search needs " + name + "=Encounter/{id}");
        }
        return ok(bundles.byReference(type, name, value, resources.sessionResources(type, value.substring("Encounter/".length()))));
    }

    private FhirResponse searchByIdentifier(String type, FhirSearchParameters parameters) {
        parameters.reject(Set.of("identifier"));
        String identifier = parameters.single("identifier");
        if (identifier == null || identifier.isEmpty()) throw badRequest(type + " search needs identifier={system}|{value} or identifier={value}");
        if (identifier.contains(",")) throw badRequest("identifier with several values (OR) is not supported");
        int bar = identifier.indexOf('|');
        String system = bar < 0 ? null : identifier.substring(0, bar);
        String value = bar < 0 ? identifier : identifier.substring(bar + 1);
        if (value.isEmpty() || (system != null && system.isEmpty())) {
            throw badRequest("identifier must be {system}|{value} or {value}, got '" + identifier + "'");
        }
        List<String> found = type.equals("Patient") ? resources.findPatients(system, value) : resources.findDevices(system, value);
        return ok(bundles.byIdentifier(type, identifier, found));
    }

    private FhirResponse ok(Resource resource) {
        return new FhirResponse(200, CONTENT_TYPE, fhirContext.newJsonParser().encodeResourceToString(resource));
    }

    private FhirResponse outcome(int status, OperationOutcome.IssueType type, String diagnostics) {
        return new FhirResponse(status, CONTENT_TYPE,
                fhirContext.newJsonParser().encodeResourceToString(FhirError.outcome(type, diagnostics)));
    }
}
