package org.vigil.gateway.http;

import static org.vigil.gateway.http.BedsApi.requireRole;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.sessions.Dissociation;
import org.vigil.gateway.sessions.PatientHistory;
import org.vigil.gateway.sessions.SessionDesk;
import org.vigil.gateway.sessions.SessionView;
import org.vigil.model.VitalSign;

/**
 * {@code /api/beds/{bed}/sessions} and {@code /api/sessions/{id}/...}: a monitored session from
 * check-in to sign-off. Every body is checked whole before anything changes; an unknown field is
 * refused, so that a misspelt one is never silently ignored.
 */
final class SessionsApi {

    private static final Set<String> PATIENT_FIELDS = Set.of("family", "given", "identifier", "identifierSystem", "birthDate",
            "sex", "firstTreatment", "concomitant");
    private static final Set<String> DOSE_FIELDS = Set.of("drug", "route", "doseMg", "lot", "time", "vitalsAcceptable");
    private static final Set<String> ASSESSMENT_FIELDS = Set.of("sedation", "dissociation", "respiratoryDepression", "note");
    private static final Set<String> ARTEFACT_FIELDS = Set.of("vital", "time", "reason");
    private static final Set<String> SIGN_OFF_FIELDS = Set.of("overrideReason");

    private final ApiPorts services;

    SessionsApi(ApiPorts services) {
        this.services = services;
    }

    /**
     * {@code POST /api/beds/{bed}/sessions} with the patient as for admission, and optionally what the
     * REMS form asks: {@code "sex":"female"}, {@code "firstTreatment":true},
     * {@code "concomitant":["benzodiazepines","opioids"]} ({@code []} for none of its classes).
     */
    FullHttpResponse checkIn(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "check a patient in");
        JsonNode body = only(request.body(), PATIENT_FIELDS);
        Admission patient = BedsApi.admission(body);
        PatientHistory history = history(body);
        SessionView session = services.sessions().checkIn(bed, patient, history, request.user());
        return HttpResponses.json(HttpResponseStatus.CREATED, Map.of("id", session.id(), "session", session));
    }

    /** {@code GET /api/beds/{bed}/sessions?since=}: the bed's sessions checked in since then (default: all). */
    FullHttpResponse list(BedState bed, Request request) {
        Instant since = request.parameter("since") == null ? Instant.EPOCH : request.instantParameter("since");
        return HttpResponses.json(HttpResponseStatus.OK, services.sessions().ofBed(bed.id(), since));
    }

    FullHttpResponse get(String sessionId) {
        return services.sessions().find(sessionId)
                .map(session -> HttpResponses.json(HttpResponseStatus.OK, session))
                .orElseGet(() -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no session '" + sessionId + "'"));
    }

    /** {@code GET /api/sessions/{id}/report.pdf}: the report signed at sign-off. */
    FullHttpResponse report(String sessionId) {
        return HttpResponses.bytes(HttpResponseStatus.OK, "application/pdf", services.sessions().report(sessionId));
    }

    /** {@code {"drug":"esketamine","route":"nasal","doseMg":56,"lot":"AB123","time":"..."}}; time defaults to now. */
    FullHttpResponse dose(String sessionId, Request request) {
        requireRole(request, Caller.Role.NURSE, "record a dose");
        JsonNode body = only(request.body(), DOSE_FIELDS);
        String drug = BedsApi.text(body, "drug", true, 100);
        String route = BedsApi.text(body, "route", true, 32);
        String lot = BedsApi.text(body, "lot", true, 64);
        JsonNode amount = body.get("doseMg");
        if (amount == null || !amount.isNumber() || !(amount.asDouble() > 0) || amount.asDouble() > 10_000) {
            throw new BadRequestException("doseMg must be a number of milligrams more than 0");
        }
        Instant time = null;
        if (body.hasNonNull("time")) {
            try {
                time = Instant.parse(body.get("time").asText());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("time must be an ISO-8601 UTC time like 2026-11-29T10:15:30Z");
            }
        }
        Boolean vitalsAcceptable = optionalBoolean(body, "vitalsAcceptable");
        SessionView session = services.sessions().dose(sessionId,
                new SessionDesk.DoseEntry(drug, route, amount.asDouble(), lot, time, vitalsAcceptable), request.user());
        return HttpResponses.json(HttpResponseStatus.OK, session);
    }

    /** {@code {"sedation":5,"dissociation":"none|mild|moderate|severe","respiratoryDepression":false,"note":"..."}} */
    FullHttpResponse assess(String sessionId, Request request) {
        requireRole(request, Caller.Role.NURSE, "record an assessment");
        JsonNode body = only(request.body(), ASSESSMENT_FIELDS);
        JsonNode sedation = body.get("sedation");
        if (sedation == null || !sedation.isIntegralNumber() || sedation.asInt() < 0 || sedation.asInt() > 5) {
            throw new BadRequestException("sedation must be a MOAA/S score, a whole number from 0 to 5");
        }
        Dissociation dissociation;
        try {
            dissociation = Dissociation.parse(body.path("dissociation").asText(""));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("dissociation must be one of none, mild, moderate, severe");
        }
        if (!body.path("respiratoryDepression").isBoolean()) {
            throw new BadRequestException("respiratoryDepression must be true or false");
        }
        String note = BedsApi.text(body, "note", false, 2000);
        SessionView session = services.sessions().assess(sessionId, new SessionDesk.AssessmentEntry(sedation.asInt(),
                dissociation, body.get("respiratoryDepression").asBoolean(), note), request.user());
        return HttpResponses.json(HttpResponseStatus.OK, session);
    }

    /** {@code {"vital":"BP_SYS","time":"...","reason":"cuff moved"}}: a charted sample is not valid. */
    FullHttpResponse markArtefact(String sessionId, Request request) {
        requireRole(request, Caller.Role.NURSE, "mark a charted value as not valid");
        JsonNode body = only(request.body(), ARTEFACT_FIELDS);
        VitalSign vital;
        try {
            vital = VitalSign.valueOf(BedsApi.text(body, "vital", true, 32));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("vital must be one of " + String.join(", ",
                    java.util.Arrays.stream(VitalSign.values()).map(Enum::name).toList()));
        }
        Instant time;
        try {
            time = Instant.parse(BedsApi.text(body, "time", true, 40));
        } catch (DateTimeParseException e) {
            throw new BadRequestException("time must be the sample's ISO-8601 UTC time like 2026-11-29T10:15:30Z");
        }
        String reason = BedsApi.text(body, "reason", true, 500);
        return HttpResponses.json(HttpResponseStatus.OK, services.sessions().markArtefact(sessionId, vital, time, reason,
                request.user()));
    }

    /** {@code {}} when readiness is met, else {@code {"overrideReason":"..."}}. */
    FullHttpResponse signOff(String sessionId, Request request) {
        requireRole(request, Caller.Role.NURSE, "sign a session off");
        JsonNode body = only(request.body(), SIGN_OFF_FIELDS);
        String reason = BedsApi.text(body, "overrideReason", false, 1000);
        return HttpResponses.json(HttpResponseStatus.OK, services.sessions().signOff(sessionId, reason, request.user()));
    }

    private static PatientHistory history(JsonNode body) {
        PatientHistory.Sex sex = null;
        if (body.hasNonNull("sex")) {
            try {
                sex = PatientHistory.Sex.parse(body.get("sex").isTextual() ? body.get("sex").asText() : "");
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        Set<PatientHistory.ConcomitantMedicine> concomitant = null;
        JsonNode medicines = body.get("concomitant");
        if (medicines != null && !medicines.isNull()) {
            if (!medicines.isArray()) throw new BadRequestException("concomitant must be a list, [] for none");
            concomitant = EnumSet.noneOf(PatientHistory.ConcomitantMedicine.class);
            for (JsonNode medicine : medicines) {
                try {
                    concomitant.add(PatientHistory.ConcomitantMedicine.parse(medicine.isTextual() ? medicine.asText() : ""));
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(e.getMessage());
                }
            }
        }
        return new PatientHistory(sex, optionalBoolean(body, "firstTreatment"), concomitant);
    }

    private static Boolean optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isBoolean()) throw new BadRequestException(field + " must be true or false");
        return value.asBoolean();
    }

    private static JsonNode only(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "'; expected " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return body;
    }
}
