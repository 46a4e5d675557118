package org.vigil.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.storage.HttpSessionRepository;
import org.vigil.gateway.storage.StoredSession;

/**
 * The sign-in sessions, in memory and, once {@link #keepIn} is given a repository, in the database
 * under the hash of their token, so that they survive a restart. A session whose user is no longer
 * configured ends when the sessions are read back. The database is a copy for restarts: when it
 * cannot be written, sessions go on in memory and that is logged.
 */
final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    /** A station screen stays signed in through a long shift; unused sessions end after this. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
    /** However busy, a session ends after this and the user signs in again. */
    static final Duration MAX_AGE = Duration.ofHours(24);
    /** The last use is written to the database at most this often. */
    static final Duration SAVE_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_SESSIONS = 10_000;

    /** A token and the session it opens; the token exists only in the cookie. */
    record Opened(String token, Session session) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, User> users;
    private final Clock clock;
    private volatile HttpSessionRepository repository;

    SessionStore(Map<String, User> users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** Reads back the sessions a previous run kept, and keeps every later one there too. */
    void keepIn(HttpSessionRepository store) {
        Instant now = clock.instant();
        int restored = 0;
        for (StoredSession stored : store.all()) {
            User user = users.get(stored.user());
            Session session = user == null ? null
                    : new Session(stored.tokenHash(), user, csrfOf(stored.tokenHash()), stored.started(), stored.lastUsed(), now);
            if (session == null || expired(session, now)) {
                store.delete(stored.tokenHash());
            } else {
                sessions.put(session.id(), session);
                restored++;
            }
        }
        repository = store;
        if (restored > 0) LOG.info("{} sign-in sessions kept from the last run", restored);
    }

    Opened start(User user) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) sweep();
        if (sessions.size() >= MAX_SESSIONS) throw new IllegalStateException("too many sessions");
        String token = randomToken();
        String id = hash(token);
        Session session = new Session(id, user, csrfOf(id), now, now, now);
        sessions.put(id, session);
        persist("save", () -> repository.save(new StoredSession(id, user.name(), now, now)));
        return new Opened(token, session);
    }

    /** The session a cookie's token opens, touched; empty when it is unknown or has expired. */
    Optional<Session> find(String token) {
        String id = hash(token);
        Session session = sessions.get(id);
        if (session == null) return Optional.empty();
        Instant now = clock.instant();
        if (expired(session, now)) {
            end(id);
            return Optional.empty();
        }
        Session touched = session.touched(now);
        if (Duration.between(session.saved(), now).compareTo(SAVE_INTERVAL) >= 0) {
            touched = touched.saved(now);
            persist("touch", () -> repository.touch(id, now));
        }
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** Whether the session (by its id) is still open; an expired one is ended here. */
    boolean live(String id) {
        Session session = sessions.get(id);
        if (session == null) return false;
        if (expired(session, clock.instant())) {
            end(id);
            return false;
        }
        return true;
    }

    void end(String id) {
        if (sessions.remove(id) != null) persist("delete", () -> repository.delete(id));
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().stream().filter(session -> expired(session, now)).map(Session::id).toList().forEach(this::end);
    }

    private void persist(String what, Runnable write) {
        if (repository == null) return;
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("Cannot {} a sign-in session in the database ({}); it is kept in memory only", what, e.getMessage());
        }
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

    /** SHA-256 of the token, hex: what the database keeps and what names the session. */
    static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /**
     * The page's CSRF token, derived from the session's id so that nothing more is stored; only a
     * page that may read {@code /api/session} of this origin learns it.
     */
    private static String csrfOf(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("csrf:" + id));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
