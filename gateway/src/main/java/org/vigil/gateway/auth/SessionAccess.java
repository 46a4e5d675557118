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
import java.io.IOException;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.Json;
import org.vigil.gateway.config.UserConfig;
import org.vigil.gateway.http.AccessPolicy;
import org.vigil.gateway.http.Caller;
import org.vigil.gateway.http.ForbiddenException;
import org.vigil.gateway.http.HttpResponses;

/**
 * Sign-in for the configured users: a session cookie for the dashboard, HTTP Basic for scripts.
 *
 * <p>The cookie is HttpOnly and SameSite=Strict. A change asked for with the cookie must also carry
 * the session's token in {@code X-CSRF-Token}, which only a page of this origin can read from
 * {@code /api/session}; and any change whose {@code Origin} is another site is refused (OWASP
 * Cross-Site Request Forgery Prevention Cheat Sheet: synchronizer token, verifying origin).
 * A 401 never challenges for Basic, so a browser never keeps Basic credentials to send cross-site.
 */
public final class SessionAccess implements AccessPolicy {

    public static final String COOKIE = "vigil_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(SessionAccess.class);

    private final Map<String, User> users;
    private final SessionStore sessions;
    private final SignInThrottle throttle;

    public SessionAccess(List<User> users, Clock clock) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        this.sessions = new SessionStore(clock);
        this.throttle = new SignInThrottle(clock);
    }

    public static SessionAccess of(List<UserConfig> users) {
        return new SessionAccess(users.stream().map(User::of).toList(), Clock.systemUTC());
    }

    @Override
    public Optional<Caller> identify(FullHttpRequest request) {
        boolean change = isChange(request.method());
        if (change) requireSameOrigin(request);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim()).map(User::caller);
        }
        Optional<Session> session = sessionOf(request);
        if (session.isPresent() && change && !sameToken(request.headers().get(CSRF_HEADER), session.get().csrfToken())) {
            throw new ForbiddenException("this change needs the page's " + CSRF_HEADER + " header");
        }
        return session.map(s -> s.user().caller());
    }

    /** {@code POST /api/login} with {@code {"username","password"}}. */
    @Override
    public FullHttpResponse signIn(FullHttpRequest request) {
        requireSameOrigin(request);
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!contentType.toLowerCase().startsWith("application/json")) {
            return HttpResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the sign-in as application/json");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "the body is not valid JSON");
        }
        if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "give a username and a password");
        }
        String name = body.get("username").asText();
        Duration locked = throttle.lockedFor(name);
        if (!locked.isZero()) return tooManyTries(locked);
        Optional<User> user = verify(name, body.get("password").asText().toCharArray());
        if (user.isEmpty()) {
            return HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "wrong user name or password");
        }
        Session session = sessions.start(user.get());
        LOG.info("{} signed in ({})", user.get().name(), user.get().role());
        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, describe(session.user().caller(), session.csrfToken()));
        response.headers().add(HttpHeaderNames.SET_COOKIE, cookie(session.id(), false));
        return response;
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

    private static Map<String, Object> describe(Caller caller, String csrfToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", caller.user());
        body.put("role", caller.role().name().toLowerCase());
        body.put("csrfToken", csrfToken);
        return body;
    }

    private Optional<User> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return Optional.empty();
        String name = decoded.substring(0, colon);
        if (!throttle.lockedFor(name).isZero()) return Optional.empty();
        return verify(name, decoded.substring(colon + 1).toCharArray());
    }

    private Optional<User> verify(String name, char[] password) {
        User user = users.get(name);
        boolean right = user == null ? PasswordHashing.matchesNobody(password)
                : PasswordHashing.matches(password, user.passwordHash());
        if (!right) {
            throttle.failed(name);
            LOG.warn("Failed sign-in for '{}'", name.replaceAll("[^A-Za-z0-9._-]", "?"));
            return Optional.empty();
        }
        throttle.succeeded(name);
        return Optional.of(user);
    }

    private Optional<Session> sessionOf(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return Optional.empty();
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(COOKIE)) return sessions.find(cookie.value());
        }
        return Optional.empty();
    }

    private static String cookie(String value, boolean expire) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setHttpOnly(true);
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
            throw new ForbiddenException("changes from another site (" + origin + ") are refused");
        }
    }

    private static boolean isChange(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static boolean sameToken(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse tooManyTries(Duration locked) {
        long seconds = Math.max(1, locked.toSeconds() + (locked.toMillisPart() > 0 ? 1 : 0));
        FullHttpResponse response = HttpResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                "too many wrong passwords; try again in " + seconds + " s");
        response.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        return response;
    }
}
