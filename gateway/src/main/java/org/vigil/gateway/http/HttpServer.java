package org.vigil.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.vigil.gateway.config.HttpConfig;

/**
 * The gateway's HTTP server, HTTPS when {@code http.tls} is set. The event loops only move bytes:
 * request handling runs on a separate executor group, so a slow query never stalls the live
 * stream. Every connection has a request deadline and an idle timeout ({@link RequestDeadline}).
 */
public final class HttpServer implements AutoCloseable {

    /** Largest request body accepted (limits, admissions, assessments are small JSON documents). */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(4);
    private final ChannelGroup connections = new DefaultChannelGroup("http-connections", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public EventLoopGroup workers() {
        return workers;
    }

    /**
     * Binds and returns the port actually bound (useful with port 0).
     *
     * @param configDirectory where the certificate and key paths of {@code http.tls} resolve
     * @param tlsPassword     the password of the keystore or key, or {@code null}
     */
    public int start(HttpConfig config, Path configDirectory, String tlsPassword, Supplier<? extends ChannelHandler> handlerFactory)
            throws InterruptedException {
        SslContext tls = config.tls() == null ? null : HttpsContext.of(config.tls(), configDirectory, tlsPassword);
        long idleMillis = config.idleTimeout().duration().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) pipeline.addLast(tls.newHandler(channel.alloc()));
                        RequestDeadline deadline = new RequestDeadline(config.requestTimeout().duration());
                        pipeline.addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                .addLast(deadline)
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(deadline.whenWhole());
                        if (tls != null && config.hsts()) pipeline.addLast(new StrictTransportSecurity());
                        pipeline.addLast(handlers, "api", handlerFactory.get());
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (serverChannel != null) serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        // Connections close while their event loops and handler executors still run, so that
        // taking their pipelines apart never lands on a stopped executor.
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        // The connections close with the event loops; only then may their handlers' executors stop.
        workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        handlers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
