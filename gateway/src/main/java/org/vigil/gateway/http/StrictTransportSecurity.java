package org.vigil.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds {@code Strict-Transport-Security} to every response sent over HTTPS (RFC 6797 §6.1, sent
 * only over a secure transport, §7.2), so a browser that has reached the gateway once never
 * falls back to plain HTTP for a year.
 */
@ChannelHandler.Sharable
final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    static final String HEADER = "Strict-Transport-Security";
    static final String VALUE = "max-age=31536000";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) response.headers().set(HEADER, VALUE);
        ctx.write(msg, promise);
    }
}
