package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Optional;

/** Decides who a request comes from; an empty answer means "not signed in" (401). */
public interface AccessPolicy {

    Optional<Caller> identify(FullHttpRequest request);

    /** Anyone is a clinician; for closed test rigs only, never for a clinic. */
    AccessPolicy OPEN = request -> Optional.of(new Caller("local", Caller.Role.ADMIN));
}
