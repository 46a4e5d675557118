package org.vigil.gateway.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions live in the gateway's memory only: a restart signs everyone out. */
final class SessionStore {

    /** A station screen stays signed in through a long shift; unused sessions end after this. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
    /** However busy, a session ends after this and the user signs in again. */
    static final Duration MAX_AGE = Duration.ofHours(24);
    private static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    SessionStore(Clock clock) {
        this.clock = clock;
    }

    Session start(User user) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) sessions.values().removeIf(session -> expired(session, now));
        if (sessions.size() >= MAX_SESSIONS) throw new IllegalStateException("too many sessions");
        Session session = new Session(randomToken(), user, randomToken(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    Optional<Session> find(String id) {
        Session session = sessions.get(id);
        if (session == null) return Optional.empty();
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = session.touched(now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    void end(String id) {
        sessions.remove(id);
    }

    private static boolean expired(Session session, Instant now) {
        return session.lastUsed().plus(IDLE_TIMEOUT).isBefore(now) || session.started().plus(MAX_AGE).isBefore(now);
    }

    /** 256 random bits, URL-safe. */
    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
