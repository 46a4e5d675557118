package org.vigil.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.health.HealthReport;
import org.vigil.gateway.logging.LogText;

/**
 * The HTTP interface of a standby gateway: {@code /health} (role {@code standby} and who holds the
 * lease) and the dashboard's page, so that a browser pointed here finds the active gateway; every
 * API, FHIR and metrics request is answered 503 with the active gateway's URL.
 */
public final class StandbyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyHandler.class);

    private final HealthReport health;
    private final Supplier<String> activeUrl;

    public StandbyHandler(HealthReport health, Supplier<String> activeUrl) {
        this.health = health;
        this.activeUrl = activeUrl;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess() || !Utf8.validTarget(request.uri())) {
            response = HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed request");
        } else {
            response = answer(request, request.uri().split("\\?", 2)[0]);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && response.status().code() != 400;
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse answer(FullHttpRequest request, String path) {
        if (path.equals("/health")) {
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
                return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            }
            return PeerOrigins.allow(request, HttpResponses.json(HttpResponseStatus.OK, health.report()), health.peers());
        }
        if (path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/") || path.startsWith("/fhir")) {
            String active = activeUrl.get();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "this gateway is the standby" + (active == null ? "; no gateway holds the lease now"
                    : "; the active gateway is at " + active));
            body.put("role", "standby");
            body.put("active", active);
            return HttpResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
        }
        return StaticFiles.serve(path, health.peers());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} closed on error: {}", ctx.channel().remoteAddress(), LogText.escape(cause.toString()));
        ctx.close();
    }
}
