package org.vigil.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Against slow or idle connections (CWE-400, "slowloris"): from the first byte of a request, the
 * whole request must arrive within the request timeout, or the connection is answered 408 and
 * closed (RFC 9110 §15.5.9); a connection with nothing read or written for the idle timeout is
 * closed. Sits in front of the HTTP codec; its {@link #whenWhole} handler, behind the aggregator
 * on the same event loop, ends the deadline once a request is whole.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final Duration timeout;
    private ScheduledFuture<?> deadline;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            deadline = ctx.executor().schedule(() -> expired(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The handler that ends the deadline when a whole request comes out of the aggregator. */
    ChannelInboundHandlerAdapter whenWhole() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest) cancel();
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        deadline = null;
        LOG.debug("HTTP connection {} sent no whole request within {}; closing it", ctx.channel().remoteAddress(), timeout);
        var response = HttpResponses.error(HttpResponseStatus.REQUEST_TIMEOUT,
                "the request did not arrive within " + timeout.toSeconds() + " s");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.debug("HTTP connection {} idle; closing it", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
