package org.vigil.gateway.auth;

import java.time.Instant;

/**
 * A signed-in browser.
 *
 * @param csrfToken sent back by the page in {@code X-CSRF-Token} with every change it asks for
 */
record Session(String id, User user, String csrfToken, Instant started, Instant lastUsed) {

    Session touched(Instant now) {
        return new Session(id, user, csrfToken, started, now);
    }
}
