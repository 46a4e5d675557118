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
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.BedView;
import org.vigil.gateway.beds.TrendBuffer;
import org.vigil.model.VitalSign;

/**
 * Routes the gateway's HTTP requests: health, the beds API, the live stream, metrics and the
 * dashboard. Runs on the handler executor group, never on an event loop.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final GatewayServices services;

    public ApiHandler(GatewayServices services) {
        this.services = services;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        try {
            if (path.equals("/api/stream")) {
                if (request.method() != HttpMethod.GET) {
                    respond(ctx, request, methodNotAllowed());
                } else {
                    openStream(ctx);
                }
                return;
            }
            respond(ctx, request, route(request, uri, path));
        } catch (BadRequestException e) {
            respond(ctx, request, HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", request.method(), path, e);
            respond(ctx, request, HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
    }

    private FullHttpResponse route(FullHttpRequest request, QueryStringDecoder uri, String path) {
        HttpMethod method = request.method();
        String[] parts = path.substring(1).split("/");
        if (path.equals("/health")) {
            return method == HttpMethod.GET ? health() : methodNotAllowed();
        }
        if (path.equals("/metrics")) {
            return method == HttpMethod.GET
                    ? HttpResponses.text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", services.metrics().scrape())
                    : methodNotAllowed();
        }
        if (path.equals("/api/beds")) {
            return method == HttpMethod.GET ? HttpResponses.json(HttpResponseStatus.OK, bedViews()) : methodNotAllowed();
        }
        if (parts.length >= 3 && parts[0].equals("api") && parts[1].equals("beds")) {
            Optional<BedState> bed = services.ward().bed(parts[2]);
            if (bed.isEmpty()) return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no bed '" + parts[2] + "'");
            if (parts.length == 3) {
                return method == HttpMethod.GET ? HttpResponses.json(HttpResponseStatus.OK, view(bed.get())) : methodNotAllowed();
            }
            if (parts.length == 4 && parts[3].equals("trends")) {
                return method == HttpMethod.GET ? trends(bed.get(), uri) : methodNotAllowed();
            }
            if (parts.length == 4 && parts[3].equals("bp")) {
                return method == HttpMethod.POST ? services.bloodPressure().startNow(bed.get()) : methodNotAllowed();
            }
        }
        if (method == HttpMethod.GET && !path.startsWith("/api/")) {
            return staticFile(path);
        }
        return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
    }

    private FullHttpResponse health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("time", Instant.now());
        body.put("beds", services.ward().beds().size());
        body.put("streamClients", services.hub().clientCount());
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private List<BedView> bedViews() {
        return services.ward().beds().stream().map(this::view).toList();
    }

    private BedView view(BedState bed) {
        return bed.view(services.alarmsOf(bed));
    }

    private FullHttpResponse trends(BedState bed, QueryStringDecoder uri) {
        int minutes = intParameter(uri, "minutes", 15, 1, 24 * 60);
        Instant since = Instant.now().minus(Duration.ofMinutes(minutes));
        Map<String, Object> body = new LinkedHashMap<>();
        for (VitalSign vital : VitalSign.values()) {
            TrendBuffer.Samples samples = bed.trend(vital).since(since);
            if (samples.size() > 0) {
                body.put(vital.name(), Map.of("t", samples.epochMillis(), "v", samples.values()));
            }
        }
        return HttpResponses.json(HttpResponseStatus.OK, body);
    }

    private static int intParameter(QueryStringDecoder uri, String name, int fallback, int min, int max) {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) return fallback;
        try {
            int value = Integer.parseInt(values.get(0));
            if (value < min || value > max) {
                throw new BadRequestException(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    private void openStream(ChannelHandlerContext ctx) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.writeAndFlush(response);
        services.hub().add(ctx.channel());
    }

    private FullHttpResponse staticFile(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || !name.matches("[A-Za-z0-9._/-]+")) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
        }
        try (InputStream in = ApiHandler.class.getResourceAsStream("/web/" + name)) {
            if (in == null) return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
            return HttpResponses.bytes(HttpResponseStatus.OK, contentType(name), in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /web/" + name, e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".svg")) return "image/svg+xml";
        return "application/octet-stream";
    }

    private static FullHttpResponse methodNotAllowed() {
        return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} closed on error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
