package org.vigil.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.logging.LogText;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.fhir.FhirResponse;
import org.vigil.gateway.sessions.SessionRefusal;

/**
 * Routes the gateway's HTTP requests: health, the beds and alarms API, the live stream, FHIR,
 * metrics and the dashboard. Runs on the handler executor group, never on an event loop.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiPorts services;
    private final BedsApi beds;
    private final AlarmsApi alarms;
    private final SessionsApi sessions;

    public ApiHandler(ApiPorts services) {
        this.services = services;
        this.beds = new BedsApi(services);
        this.alarms = new AlarmsApi(services);
        this.sessions = new SessionsApi(services);
    }

    /** Requests that arrived while an earlier one on this connection waits for its answer, in order. */
    private final Deque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean answering;
    /** A response said {@code Connection: close}: nothing more is answered on this connection. */
    private boolean closing;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest raw) {
        if (closing) return;
        if (answering) {
            waiting.add(raw.retain());
            return;
        }
        handle(ctx, raw);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest raw) {
        if (!raw.decoderResult().isSuccess()) {
            respond(ctx, raw, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed request"));
            return;
        }
        String path = raw.uri().split("\\?", 2)[0];
        if (!Utf8.validTarget(raw.uri())) {
            respond(ctx, raw, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "the request target is not valid UTF-8"));
            return;
        }
        try {
            if (isPublic(path)) {
                respond(ctx, raw, publicRoute(raw, path));
                return;
            }
            String client = clientOf(ctx);
            if (path.equals("/api/login")) {
                if (raw.method() == HttpMethod.POST) {
                    whenDone(ctx, raw, path, services.access().signIn(raw, client), response -> respond(ctx, raw, response));
                } else {
                    respond(ctx, raw, methodNotAllowed());
                }
                return;
            }
            whenDone(ctx, raw, path, services.access().identify(raw, client), caller -> signedIn(ctx, raw, path, caller));
        } catch (RuntimeException e) {
            respond(ctx, raw, failure(raw, path, e));
        }
    }

    /**
     * Goes on with {@code next} once {@code answer} is there: at once when it already is, else on
     * this channel's handler executor, reading nothing more from the connection meanwhile so
     * that pipelined requests are answered in order.
     */
    private <T> void whenDone(ChannelHandlerContext ctx, FullHttpRequest raw, String path, CompletableFuture<T> answer,
                              Consumer<T> next) {
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            next.accept(answer.join());
            return;
        }
        raw.retain();
        answering = true;
        ctx.channel().config().setAutoRead(false);
        answer.whenComplete((value, error) -> ctx.executor().execute(() -> {
            try {
                if (error == null) {
                    next.accept(value);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    respond(ctx, raw, failure(raw, path, cause instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(cause)));
                }
            } catch (RuntimeException e) {
                respond(ctx, raw, failure(raw, path, e));
            } finally {
                raw.release();
                answering = false;
                ctx.channel().config().setAutoRead(true);
            }
            answerWaiting(ctx);
        }));
    }

    private void answerWaiting(ChannelHandlerContext ctx) {
        while (!answering && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            try {
                if (ctx.channel().isActive()) handle(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    private void signedIn(ChannelHandlerContext ctx, FullHttpRequest raw, String path, Optional<Caller> caller) {
        try {
            if (caller.isEmpty()) {
                respond(ctx, raw, HttpResponses.error(HttpResponseStatus.UNAUTHORIZED, "sign in first"));
                return;
            }
            Request request = Request.of(raw, caller.get());
            if (path.equals("/api/session")) {
                respond(ctx, raw, method(request, HttpMethod.GET)
                        ? HttpResponses.json(HttpResponseStatus.OK, services.access().session(raw, caller.get()))
                        : methodNotAllowed());
                return;
            }
            if (path.equals("/api/logout")) {
                if (!method(request, HttpMethod.POST)) {
                    respond(ctx, raw, methodNotAllowed());
                    return;
                }
                FullHttpResponse signedOut = services.access().signOut(raw);
                services.stream().closeEnded();
                respond(ctx, raw, signedOut);
                return;
            }
            if (request.path().equals("/api/stream")) {
                if (request.method() != HttpMethod.GET) {
                    respond(ctx, raw, methodNotAllowed());
                } else {
                    openStream(ctx, caller.get());
                }
                return;
            }
            respond(ctx, raw, route(request));
        } catch (RuntimeException e) {
            respond(ctx, raw, failure(raw, path, e));
        }
    }

    private static FullHttpResponse failure(FullHttpRequest raw, String path, RuntimeException e) {
        if (e instanceof BadRequestException) return HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        if (e instanceof ForbiddenException) return HttpResponses.error(HttpResponseStatus.FORBIDDEN, e.getMessage());
        if (e instanceof SessionRefusal refusal) {
            return HttpResponses.error(switch (refusal.kind()) {
                case UNKNOWN -> HttpResponseStatus.NOT_FOUND;
                case CONFLICT -> HttpResponseStatus.CONFLICT;
                case INVALID -> HttpResponseStatus.BAD_REQUEST;
            }, e.getMessage());
        }
        if (e instanceof UnavailableException) {
            return HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (e instanceof TooManyRequestsException tooMany) {
            FullHttpResponse response = HttpResponses.error(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage());
            response.headers().set(HttpHeaderNames.RETRY_AFTER, tooMany.retryAfterSeconds());
            return response;
        }
        LOG.error("Request {} {} failed", raw.method(), LogText.escape(path), e);
        return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static String clientOf(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    /**
     * The health check, the dashboard's static files and the metrics need no sign-in; the metrics
     * are counts and timings for the clinic's monitoring, with no patient data.
     */
    private static boolean isPublic(String path) {
        return path.equals("/health") || path.equals("/metrics") || !(path.startsWith("/api/") || path.equals("/api")
                || path.startsWith("/fhir"));
    }

    private static boolean method(Request request, HttpMethod method) {
        return request.method() == method;
    }

    private FullHttpResponse publicRoute(FullHttpRequest raw, String path) {
        if (raw.method() != HttpMethod.GET && raw.method() != HttpMethod.HEAD) return methodNotAllowed();
        if (path.equals("/health")) return PeerOrigins.allow(raw, health(), services.health().peers());
        if (path.equals("/metrics")) {
            return HttpResponses.text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    services.metrics().scrape());
        }
        return StaticFiles.serve(path, services.health().peers());
    }

    private FullHttpResponse route(Request request) {
        HttpMethod method = request.method();
        if (request.segment(0).equals("fhir")) {
            FhirResponse answer = services.fhir().forHost(request.raw().headers().get(HttpHeaderNames.HOST))
                    .handle(method.name(), request.raw().uri());
            return HttpResponses.bytes(HttpResponseStatus.valueOf(answer.status()), answer.contentType(),
                    answer.body().getBytes(StandardCharsets.UTF_8));
        }
        String area = request.segment(1);
        int depth = request.segments().size();
        if (area.equals("beds")) {
            if (depth == 2) {
                return method == HttpMethod.GET
                        ? HttpResponses.json(HttpResponseStatus.OK, services.ward().beds().stream().map(services::view).toList())
                        : methodNotAllowed();
            }
            Optional<BedState> found = services.bed(request.segment(2));
            if (found.isEmpty()) return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no bed '" + request.segment(2) + "'");
            BedState bed = found.get();
            if (depth == 3) {
                return method == HttpMethod.GET ? HttpResponses.json(HttpResponseStatus.OK, services.view(bed)) : methodNotAllowed();
            }
            if (depth == 4) {
                return bedAction(bed, request.segment(3), request);
            }
        }
        if (area.equals("sessions") && depth >= 3) {
            String id = request.segment(2);
            if (depth == 3) return method == HttpMethod.GET ? sessions.get(id) : methodNotAllowed();
            if (depth == 4) {
                return switch (request.segment(3)) {
                    case "dose" -> method == HttpMethod.POST ? sessions.dose(id, request) : methodNotAllowed();
                    case "assessments" -> method == HttpMethod.POST ? sessions.assess(id, request) : methodNotAllowed();
                    case "sign-off" -> method == HttpMethod.POST ? sessions.signOff(id, request) : methodNotAllowed();
                    case "report.pdf" -> method == HttpMethod.GET ? sessions.report(id) : methodNotAllowed();
                    case "artefacts" -> method == HttpMethod.POST ? sessions.markArtefact(id, request) : methodNotAllowed();
                    default -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + request.path());
                };
            }
        }
        if (area.equals("export") && depth == 3 && request.segment(2).equals("requeue")) {
            return method == HttpMethod.POST ? beds.requeueParkedExports(request) : methodNotAllowed();
        }
        if (area.equals("hl7") && depth == 3 && request.segment(2).equals("requeue")) {
            return method == HttpMethod.POST ? beds.requeueParkedHl7(request) : methodNotAllowed();
        }
        if (area.equals("alarms")) {
            if (depth == 2) return method == HttpMethod.GET ? alarms.list(request) : methodNotAllowed();
            // Alarm ids contain '/': /api/alarms/{bed}/{rule}/{raised}/ack
            if (request.segments().get(depth - 1).equals("ack") && depth >= 4) {
                String alarmId = String.join("/", request.segments().subList(2, depth - 1));
                return method == HttpMethod.POST ? alarms.acknowledge(alarmId, request) : methodNotAllowed();
            }
        }
        return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + request.path());
    }

    private FullHttpResponse bedAction(BedState bed, String action, Request request) {
        HttpMethod method = request.method();
        return switch (action) {
            case "trends" -> method == HttpMethod.GET ? beds.trends(bed, request) : methodNotAllowed();
            case "limits" -> method == HttpMethod.GET ? beds.limits(bed)
                    : method == HttpMethod.PUT ? beds.changeLimits(bed, request) : methodNotAllowed();
            case "bp" -> method == HttpMethod.POST ? beds.measureBloodPressure(bed, request) : methodNotAllowed();
            case "audio-pause" -> method == HttpMethod.POST ? beds.pauseAudio(bed, request) : methodNotAllowed();
            case "assessment" -> method == HttpMethod.POST ? beds.assessment(bed, request) : methodNotAllowed();
            case "dose" -> method == HttpMethod.POST ? beds.dose(bed, request) : methodNotAllowed();
            case "sessions" -> method == HttpMethod.POST ? sessions.checkIn(bed, request)
                    : method == HttpMethod.GET ? sessions.list(bed, request) : methodNotAllowed();
            case "admit" -> method == HttpMethod.POST ? beds.admit(bed, request) : methodNotAllowed();
            case "discharge" -> method == HttpMethod.POST ? beds.discharge(bed, request) : methodNotAllowed();
            default -> HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + request.path());
        };
    }

    private FullHttpResponse health() {
        return HttpResponses.json(HttpResponseStatus.OK, services.health().report());
    }

    private void openStream(ChannelHandlerContext ctx, Caller caller) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.writeAndFlush(response);
        services.stream().add(ctx.channel(), () -> services.access().stillSignedIn(caller));
    }

    private static FullHttpResponse methodNotAllowed() {
        return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    /** A 400 closes the connection: after a request it could not read, the gateway trusts nothing more on it. */
    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        if (closing) {
            response.release();
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && response.status().code() != 400;
        closing = !keepAlive;
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} closed on error: {}", ctx.channel().remoteAddress(), LogText.escape(cause.toString()));
        ctx.close();
    }
}
