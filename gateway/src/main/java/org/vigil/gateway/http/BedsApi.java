package org.vigil.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigil.alerting.news2.Consciousness;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.TrendBuffer;
import org.vigil.gateway.devices.BloodPressureControl;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.sessions.SessionRefusal;
import org.vigil.model.VitalSign;

/** {@code /api/beds/...}: what a bed shows and what people do at it. */
final class BedsApi {

    /** How long a request waits for the bed's executor before answering 503. */
    private static final Duration BED_ANSWER = Duration.ofSeconds(5);

    private final ApiPorts services;

    BedsApi(ApiPorts services) {
        this.services = services;
    }

    FullHttpResponse trends(BedState bed, Request request) {
        int minutes = intParameter(request, "minutes", 15, 1, 24 * 60);
        Instant since = services.clock().instant().minus(Duration.ofMinutes(minutes));
        Map<String, Object> body = new LinkedHashMap<>();
        for (VitalSign vital : VitalSign.values()) {
            TrendBuffer.Samples samples = bed.trendSince(vital, since);
            if (samples.size() > 0) {
                body.put(vital.name(), Map.of("t", samples.epochMillis(), "v", samples.values()));
            }
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    FullHttpResponse pauseAudio(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "pause alarm audio");
        var audio = await(services.alarms().pauseAudio(bed, request.user()));
        services.audit().audit(request.user(), "AUDIO_PAUSED", bed.id(), "until " + audio.until());
        return HttpResponses.json(HttpResponseStatus.OK, audio);
    }

    FullHttpResponse limits(BedState bed) {
        List<AlarmRule> rules = await(services.alarms().onBedAlarms(bed, alarms -> alarms.profile().rules().stream()
                .map(rule -> alarms.rule(rule.id())).toList()));
        return HttpResponses.json(HttpResponseStatus.OK, rules.stream().filter(LimitRule.class::isInstance)
                .map(rule -> LimitView.of((LimitRule) rule)).toList());
    }

    /** {@code {"rule":"spo2-low","limit":90}}, or {@code {"changes":[...]}} for several at once. */
    FullHttpResponse changeLimits(BedState bed, Request request) {
        requireRole(request, Caller.Role.ADMIN, "change alarm limits");
        JsonNode body = request.body();
        List<JsonNode> changes = new ArrayList<>();
        if (body.has("changes") && body.get("changes").isArray()) {
            body.get("changes").forEach(changes::add);
        } else {
            changes.add(body);
        }
        if (changes.isEmpty()) throw new BadRequestException("no change given");
        Map<String, Double> wanted = new LinkedHashMap<>();
        for (JsonNode change : changes) {
            if (!change.path("rule").isTextual()) throw new BadRequestException("each change needs a \"rule\" id");
            if (!change.path("limit").isNumber()) throw new BadRequestException("each change needs a numeric \"limit\"");
            if (wanted.put(change.get("rule").asText(), change.get("limit").asDouble()) != null) {
                throw new BadRequestException("rule '" + change.get("rule").asText() + "' is given twice");
            }
        }
        try {
            await(services.alarms().changeLimits(bed, wanted, request.user()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return limits(bed);
    }

    FullHttpResponse assessment(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "record an assessment");
        JsonNode body = request.body();
        Consciousness consciousness;
        try {
            consciousness = Consciousness.valueOf(body.path("consciousness").asText("").toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("consciousness must be one of alert, new_confusion, voice, pain, unresponsive");
        }
        if (!body.path("onOxygen").isBoolean()) throw new BadRequestException("onOxygen must be true or false");
        boolean oxygen = body.get("onOxygen").asBoolean();
        var assessment = await(services.alarms().onBedAlarms(bed,
                alarms -> alarms.assessment(consciousness, oxygen, request.user(), services.clock().instant())));
        services.audit().audit(request.user(), "ASSESSMENT", bed.id(),
                "consciousness " + consciousness + ", " + (oxygen ? "on oxygen" : "on air"));
        return HttpResponses.json(HttpResponseStatus.OK, assessment);
    }

    /** The dose time drives the BP schedule and the pre-dose rules; {@code {"time": null}} ends the session. */
    FullHttpResponse dose(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "record the dose time");
        services.sessions().openAt(bed.id()).ifPresent(session -> {
            throw new SessionRefusal(SessionRefusal.Kind.CONFLICT, "bed " + bed.id() + " has session " + session.id()
                    + ": record the dose with POST /api/sessions/" + session.id() + "/dose");
        });
        JsonNode body = request.body();
        Instant time;
        if (!body.has("time")) {
            time = services.clock().instant();
        } else if (body.get("time").isNull()) {
            time = null;
        } else {
            try {
                time = Instant.parse(body.get("time").asText());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("time must be an ISO-8601 UTC time like 2026-11-29T10:15:30Z");
            }
        }
        await(services.alarms().onBedAlarms(bed, alarms -> {
            alarms.setDoseTime(time, services.clock().instant());
            return null;
        }));
        services.audit().audit(request.user(), time == null ? "SESSION_ENDED" : "DOSE_RECORDED", bed.id(),
                time == null ? "" : "dose at " + time);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bed", bed.id());
        answer.put("doseTime", time);
        return HttpResponses.json(HttpResponseStatus.OK, answer);
    }

    /** {@code {"family":"Doe","given":"Jane","identifier":"MRN123","identifierSystem":"urn:...","birthDate":"1980-02-01"}} */
    FullHttpResponse admit(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "admit a patient");
        Admission admitted = admission(request.body());
        String patient = await(services.admissions().admit(bed.id(), admitted));
        bed.setPatient(admitted.given() == null ? admitted.family() : admitted.given() + " " + admitted.family());
        services.audit().audit(request.user(), "PATIENT_ADMITTED", bed.id(), "occupancy " + patient);
        return HttpResponses.json(HttpResponseStatus.OK, Map.of("bed", bed.id(), "patient", "Patient/" + patient));
    }

    /** The patient as admission and check-in take it. */
    static Admission admission(JsonNode body) {
        String family = text(body, "family", true, 100);
        String given = text(body, "given", false, 100);
        String identifier = text(body, "identifier", true, 64);
        String system = body.has("identifierSystem") ? text(body, "identifierSystem", true, 200) : "urn:vigil:mrn";
        LocalDate birthDate = null;
        if (body.hasNonNull("birthDate")) {
            try {
                birthDate = LocalDate.parse(body.get("birthDate").asText());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("birthDate must look like 1980-02-01");
            }
        }
        return new Admission(family, given, system, identifier, birthDate);
    }

    FullHttpResponse discharge(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "discharge a patient");
        await(services.admissions().discharge(bed.id()));
        bed.setPatient(null);
        services.audit().audit(request.user(), "PATIENT_DISCHARGED", bed.id(), "");
        return HttpResponses.json(HttpResponseStatus.OK, Map.of("bed", bed.id(), "status", "discharged"));
    }

    FullHttpResponse measureBloodPressure(BedState bed, Request request) {
        requireRole(request, Caller.Role.NURSE, "start a blood-pressure measurement");
        BloodPressureControl.Outcome outcome = services.bloodPressure().startNow(bed, request.user());
        return switch (outcome.result()) {
            case STARTED -> HttpResponses.json(HttpResponseStatus.ACCEPTED,
                    Map.of("bed", bed.id(), "device", outcome.deviceId(), "status", outcome.detail()));
            case NOT_TAKEN -> HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, outcome.detail());
            case NO_DEVICE -> HttpResponses.error(HttpResponseStatus.CONFLICT, outcome.detail());
        };
    }

    FullHttpResponse requeueParkedExports(Request request) {
        requireRole(request, Caller.Role.ADMIN, "re-queue refused exports");
        int requeued = services.export().requeueParked(request.user());
        return HttpResponses.json(HttpResponseStatus.OK, Map.of("requeued", requeued));
    }

    /** {@code POST /api/hl7/requeue}, optionally {@code {"destination":"ehr"}}: admins only, audited. */
    FullHttpResponse requeueParkedHl7(Request request) {
        requireRole(request, Caller.Role.ADMIN, "re-queue refused HL7 messages");
        String destination = text(request.body(), "destination", false, 64);
        if (destination != null && !services.hl7().destinations().contains(destination)) {
            throw new BadRequestException("no HL7 destination '" + destination + "'; configured: "
                    + String.join(", ", services.hl7().destinations()));
        }
        int requeued = services.hl7().requeueParked(destination, request.user());
        return HttpResponses.json(HttpResponseStatus.OK, Map.of("requeued", requeued));
    }

    static void requireRole(Request request, Caller.Role role, String action) {
        if (!request.caller().role().atLeast(role)) {
            throw new ForbiddenException("a " + request.caller().role().name().toLowerCase() + " may not " + action);
        }
    }

    static String text(JsonNode body, String field, boolean required, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) throw new BadRequestException(field + " is required");
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) throw new BadRequestException(field + " must be a non-empty text");
        if (node.asText().length() > maxLength) throw new BadRequestException(field + " is longer than " + maxLength);
        return node.asText().strip();
    }

    static int intParameter(Request request, String name, int fallback, int min, int max) {
        String text = request.parameter(name);
        if (text == null) return fallback;
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new BadRequestException(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(BED_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new UnavailableException("the bed did not answer within " + BED_ANSWER.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    /** A limit rule as the API shows and edits it. */
    record LimitView(String rule, String name, List<Map<String, Object>> thresholds, double hysteresis,
                     long delaySeconds, double integral, boolean confirm, String priority, boolean latching) {
        static LimitView of(LimitRule rule) {
            List<Map<String, Object>> thresholds = rule.thresholds().stream().map(t -> Map.<String, Object>of(
                    "vital", t.vital().name(), "comparison", t.comparison().symbol(), "limit", t.limit())).toList();
            return new LimitView(rule.id(), rule.name(), thresholds, rule.hysteresis(), rule.delay().toSeconds(),
                    rule.integral(), rule.confirm(), rule.priority().name(), rule.latching());
        }
    }
}
