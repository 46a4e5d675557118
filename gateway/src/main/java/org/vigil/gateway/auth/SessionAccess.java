package org.vigil.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.logging.LogText;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.http.BadRequestException;
import org.vigil.gateway.http.Caller;
import org.vigil.gateway.http.ForbiddenException;
import org.vigil.gateway.http.HttpResponses;
import org.vigil.gateway.http.JsonBody;
import org.vigil.gateway.http.TooManyRequestsException;
import org.vigil.gateway.storage.HttpSessionRepository;

/**
 * Sign-in for the configured users: a session cookie for the dashboard, HTTP Basic for scripts.
 *
 * <p>The cookie is HttpOnly and SameSite=Strict, and Secure when the gateway serves HTTPS. A change
 * asked for with the cookie must also carry the session's token in {@code X-CSRF-Token}, which only
 * a page of this origin can read from {@code /api/session}; and any change whose {@code Origin} is
 * another site is refused (OWASP Cross-Site Request Forgery Prevention Cheat Sheet: synchronizer
 * token, verifying origin). A 401 never challenges for Basic, so a browser never keeps Basic
 * credentials to send cross-site. Passwords are checked on {@link PasswordChecks}' own threads and
 * guessing is slowed by {@link SignInThrottle}.
 */
public final class SessionAccess implements AccessPolicy {

    public static final String COOKIE = "vigil_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Longest user name accepted at sign-in; configured names are at most 64 characters too. */
    public static final int MAX_USER_NAME = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SessionAccess.class);

    private final Map<String, User> users;
    private final SessionStore sessions;
    private final SignInThrottle throttle;
    private final PasswordChecks checks = new PasswordChecks();
    private final boolean secureCookie;

    public SessionAccess(List<User> users, Clock clock, boolean secureCookie) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        this.sessions = new SessionStore(this.users, clock);
        this.throttle = new SignInThrottle(clock);
        this.secureCookie = secureCookie;
    }

    /** For a gateway that serves plain HTTP. */
    public static SessionAccess of(List<UserConfig> users) {
        return of(users, false);
    }

    public static SessionAccess of(List<UserConfig> users, boolean secureCookie) {
        return new SessionAccess(users.stream().map(User::of).toList(), Clock.systemUTC(), secureCookie);
    }

    /** Keeps sessions in the database from now on, and takes back those of the last run. */
    public void keepSessionsIn(HttpSessionRepository repository) {
        sessions.keepIn(repository);
    }

    @Override
    public CompletableFuture<Optional<Caller>> identify(FullHttpRequest request, String client) {
        boolean change = isChange(request.method());
        if (change) requireSameOrigin(request);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), client).thenApply(user -> user.map(User::caller));
        }
        Optional<Session> session = sessionOf(request);
        if (session.isPresent() && change && !sameToken(request.headers().get(CSRF_HEADER), session.get().csrfToken())) {
            throw new ForbiddenException("this change needs the page's " + CSRF_HEADER + " header");
        }
        return CompletableFuture.completedFuture(session.map(SessionAccess::callerOf));
    }

    /** {@code POST /api/login} with {@code {"username","password"}}. */
    @Override
    public CompletableFuture<FullHttpResponse> signIn(FullHttpRequest request, String client) {
        requireSameOrigin(request);
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!contentType.toLowerCase().startsWith("application/json")) {
            return done(HttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the sign-in as application/json"));
        }
        JsonNode body = JsonBody.object(request.content());
        if (!body.path("username").isTextual() || !body.path("password").isTextual()) {
            return done(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "give a username and a password"));
        }
        String name = checkedName(body.get("username").asText());
        return verify(name, body.get("password").asText().toCharArray(), client).thenApply(user -> {
            if (user.isEmpty()) return HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "wrong user name or password");
            SessionStore.Opened opened = sessions.start(user.get());
            LOG.info("{} signed in ({})", user.get().name(), user.get().role());
            FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK,
                    describe(callerOf(opened.session()), opened.session().csrfToken()));
            response.headers().add(HttpHeaderNames.SET_COOKIE, cookie(opened.token(), false));
            return response;
        });
    }

    @Override
    public FullHttpResponse signOut(FullHttpRequest request) {
        sessionOf(request).ifPresent(session -> {
            sessions.end(session.id());
            LOG.info("{} signed out", session.user().name());
        });
        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, Map.of("status", "signed out"));
        response.headers().add(HttpHeaderNames.SET_COOKIE, cookie("", true));
        return response;
    }

    @Override
    public Map<String, Object> session(FullHttpRequest request, Caller caller) {
        return describe(caller, sessionOf(request).map(Session::csrfToken).orElse(null));
    }

    /** A caller by Basic holds as long as the configuration; one by cookie as long as the session. */
    @Override
    public boolean stillSignedIn(Caller caller) {
        return caller.session() == null ? users.containsKey(caller.user()) : sessions.live(caller.session());
    }

    @Override
    public void close() {
        checks.close();
    }

    private static Caller callerOf(Session session) {
        return new Caller(session.user().name(), session.user().role(), session.id());
    }

    private static Map<String, Object> describe(Caller caller, String csrfToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", caller.user());
        body.put("role", caller.role().name().toLowerCase());
        body.put("csrfToken", csrfToken);
        return body;
    }

    private CompletableFuture<Optional<User>> basic(String encoded, String client) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return done(Optional.empty());
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return done(Optional.empty());
        String name = checkedName(decoded.substring(0, colon));
        return verify(name, decoded.substring(colon + 1).toCharArray(), client);
    }

    private static String checkedName(String name) {
        if (name.length() > MAX_USER_NAME) {
            LOG.warn("Sign-in refused: a user name of {} characters ('{}')", name.length(), LogText.escape(name, MAX_USER_NAME));
            throw new BadRequestException("the user name is longer than " + MAX_USER_NAME + " characters");
        }
        return name;
    }

    /**
     * Checks the password on {@link PasswordChecks}' threads. The throttle is asked before queueing
     * and again on the check's own thread, so however many tries arrive at once, no more than the
     * free failures and one per check thread are checked before the delay applies.
     */
    private CompletableFuture<Optional<User>> verify(String name, char[] password, String client) {
        requireNoWait(name, client);
        return checks.submit(client, () -> {
            requireNoWait(name, client);
            User user = users.get(name);
            boolean right = user == null ? PasswordHashing.matchesNobody(password)
                    : PasswordHashing.matches(password, user.passwordHash());
            if (!right) {
                throttle.failed(name, client);
                LOG.warn("Failed sign-in for '{}' from {}", LogText.escape(name, MAX_USER_NAME), client);
                return Optional.empty();
            }
            throttle.succeeded(name);
            return Optional.of(user);
        });
    }

    private void requireNoWait(String name, String client) {
        Duration wait = throttle.waitFor(name, client);
        if (!wait.isZero()) {
            throw new TooManyRequestsException("too many wrong passwords; try again in "
                    + TooManyRequestsException.wholeSeconds(wait) + " s", wait);
        }
    }

    private Optional<Session> sessionOf(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return Optional.empty();
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(COOKIE)) return sessions.find(cookie.value());
        }
        return Optional.empty();
    }

    private String cookie(String value, boolean expire) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookie);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setPath("/");
        if (expire) cookie.setMaxAge(0);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    /** A browser names the page's origin on every cross-site change; scripts usually send none. */
    private static void requireSameOrigin(FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) return;
        String host = request.headers().get(HttpHeaderNames.HOST);
        String originHost;
        try {
            originHost = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            originHost = null;
        }
        if (host == null || originHost == null || !originHost.equalsIgnoreCase(host)) {
            throw new ForbiddenException("changes from another site (" + LogText.escape(origin, 100) + ") are refused");
        }
    }

    private static boolean isChange(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static boolean sameToken(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
