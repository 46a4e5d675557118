package org.vigil.gateway.auth;

import java.time.Instant;

/**
 * A signed-in browser.
 *
 * @param id        the SHA-256 hash of the cookie's token (hex); the token itself is never kept
 * @param csrfToken sent back by the page in {@code X-CSRF-Token} with every change it asks for
 * @param saved     when {@code lastUsed} was last written to the database
 */
record Session(String id, User user, String csrfToken, Instant started, Instant lastUsed, Instant saved) {

    Session touched(Instant now) {
        return new Session(id, user, csrfToken, started, now, saved);
    }

    Session saved(Instant now) {
        return new Session(id, user, csrfToken, started, lastUsed, now);
    }
}
