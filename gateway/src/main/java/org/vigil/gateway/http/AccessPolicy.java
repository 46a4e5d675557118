package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Decides who a request comes from; an empty answer means "not signed in" (401). */
public interface AccessPolicy {

    /**
     * @throws ForbiddenException when the request is refused whoever sends it, such as a change
     *         asked for from another site
     */
    Optional<Caller> identify(FullHttpRequest request);

    /** {@code POST /api/login}. */
    default FullHttpResponse signIn(FullHttpRequest request) {
        return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "this gateway has no users: it needs no sign-in");
    }

    /** {@code POST /api/logout}. */
    default FullHttpResponse signOut(FullHttpRequest request) {
        return HttpResponses.json(HttpResponseStatus.OK, Map.of("status", "signed out"));
    }

    /** {@code GET /api/session}: who the caller is, and the token the page sends with changes. */
    default Map<String, Object> session(FullHttpRequest request, Caller caller) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", caller.user());
        body.put("role", caller.role().name().toLowerCase());
        body.put("csrfToken", null);
        return body;
    }

    /** Anyone is a clinician; for closed test rigs only, never for a clinic. */
    AccessPolicy OPEN = request -> Optional.of(new Caller("local", Caller.Role.ADMIN));
}
