package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Decides who a request comes from; an empty answer means "not signed in" (401). */
public interface AccessPolicy extends AutoCloseable {

    /**
     * Completes with the caller; may take a while (a password check), so the handler never waits
     * for it on its own thread. Completes exceptionally with {@link ForbiddenException} when the
     * request is refused whoever sends it, such as a change asked for from another site, and with
     * {@link TooManyRequestsException} while the client must wait.
     *
     * @param client the address the connection comes from
     */
    CompletableFuture<Optional<Caller>> identify(FullHttpRequest request, String client);

    /** {@code POST /api/login}. */
    default CompletableFuture<FullHttpResponse> signIn(FullHttpRequest request, String client) {
        return CompletableFuture.completedFuture(
                HttpResponses.error(HttpResponseStatus.NOT_FOUND, "this gateway has no users: it needs no sign-in"));
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

    /** Whether what the caller signed in with still holds; a live stream whose caller's does not is closed. */
    default boolean stillSignedIn(Caller caller) {
        return true;
    }

    @Override
    default void close() {
    }

    /** Anyone is a clinician; for closed test rigs only, never for a clinic. */
    AccessPolicy OPEN = (request, client) -> CompletableFuture.completedFuture(
            Optional.of(new Caller("local", Caller.Role.ADMIN)));
}
