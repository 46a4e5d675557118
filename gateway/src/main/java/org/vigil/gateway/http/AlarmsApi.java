package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Optional;
import org.vigil.gateway.alarms.AlarmView;

/** {@code /api/alarms}: the alarms in force, the alarm log, and acknowledging. */
final class AlarmsApi {

    private static final int MAX_ENTRIES = 1000;

    private final ApiPorts services;

    AlarmsApi(ApiPorts services) {
        this.services = services;
    }

    /** {@code ?state=active}, or {@code ?bed=ID&since=TIME} for the log of one bed. */
    FullHttpResponse list(Request request) {
        String state = request.parameter("state");
        String bed = request.parameter("bed");
        if (state != null && !state.equals("active")) {
            throw new BadRequestException("state must be 'active'; use bed and since for the log");
        }
        if (bed == null) {
            return HttpResponses.json(HttpResponseStatus.OK, services.alarms().activeAlarms());
        }
        if (services.bed(bed).isEmpty() && !bed.equals("gateway")) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no bed '" + bed + "'");
        }
        if (state != null) {
            return HttpResponses.json(HttpResponseStatus.OK, services.alarms().alarmsOf(bed));
        }
        Instant since = request.instantParameter("since");
        int limit = BedsApi.intParameter(request, "limit", 200, 1, MAX_ENTRIES);
        return HttpResponses.json(HttpResponseStatus.OK, services.alarmLog()
                .history(bed, since == null ? Instant.EPOCH : since, limit));
    }

    FullHttpResponse acknowledge(String alarmId, Request request) {
        BedsApi.requireRole(request, Caller.Role.NURSE, "acknowledge alarms");
        Optional<AlarmView> acknowledged = BedsApi.await(services.alarms().acknowledge(alarmId, request.user()));
        return acknowledged
                .map(alarm -> HttpResponses.json(HttpResponseStatus.OK, alarm))
                .orElseGet(() -> HttpResponses.error(HttpResponseStatus.NOT_FOUND,
                        "no alarm '" + alarmId + "' waiting for acknowledgement"));
    }
}
