package org.vigil.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamHubTest {

    @Test
    void a_client_is_cut_off_only_when_more_than_the_behind_mark_is_unsent() {
        StreamHub hub = new StreamHub();
        EmbeddedChannel client = client();
        hub.add(client);

        assertThat(client.config().getWriteBufferHighWaterMark()).isEqualTo(StreamHub.BEHIND.high());
        client.write(Unpooled.wrappedBuffer(new byte[StreamHub.BEHIND.high() - 1024]));
        hub.publish("reading", Map.of("bed", "bed-1"));
        assertThat(hub.clientCount()).as("within the mark").isEqualTo(1);
        // the publish flushed what was unsent; now more than the mark is again
        client.write(Unpooled.wrappedBuffer(new byte[StreamHub.BEHIND.high() + 1]));
        hub.publish("reading", Map.of("bed", "bed-1"));
        assertThat(hub.clientCount()).as("beyond it").isZero();
    }

    @Test
    void every_client_gets_the_same_event_frame() {
        StreamHub hub = new StreamHub();
        EmbeddedChannel first = client();
        EmbeddedChannel second = client();
        hub.add(first);
        hub.add(second);

        hub.publish("reading", Map.of("bed", "bed-1"));

        String expected = "event: reading\ndata: {\"bed\":\"bed-1\"}\n\n";
        assertThat(frameOf(first)).isEqualTo(expected);
        assertThat(frameOf(second)).isEqualTo(expected);
    }

    @Test
    void a_client_that_cannot_keep_up_is_dropped_at_the_first_event_it_cannot_take_and_closed_once() {
        StreamHub hub = new StreamHub();
        EmbeddedChannel slow = client();
        EmbeddedChannel keepingUp = client();
        hub.add(slow);
        hub.add(keepingUp);
        // more unsent than its high water mark allows: 2 bytes here, StreamHub.BEHIND in use
        slow.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        slow.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(slow.isWritable()).isFalse();

        hub.publish("reading", Map.of("bed", "bed-1"));

        assertThat(hub.clientCount()).isEqualTo(1);
        slow.runPendingTasks();
        assertThat(slow.isOpen()).isFalse();
        hub.publish("reading", Map.of("bed", "bed-2"));
        assertThat(frameOf(keepingUp)).contains("bed-1");
        assertThat(frameOf(keepingUp)).contains("bed-2");
    }

    @Test
    void events_that_queue_up_while_the_clients_event_loop_is_busy_go_out_in_order_in_one_chunk_and_flush() throws Exception {
        EventLoopGroup loop = new DefaultEventLoopGroup(1);
        LocalAddress address = new LocalAddress("stream-hub-" + System.nanoTime());
        AtomicInteger flushes = new AtomicInteger();
        AtomicInteger chunks = new AtomicInteger();
        CompletableFuture<Channel> serverSide = new CompletableFuture<>();
        StringBuffer received = new StringBuffer();
        try {
            new ServerBootstrap().group(loop).channel(LocalServerChannel.class).childHandler(new ChannelInitializer<LocalChannel>() {
                @Override
                protected void initChannel(LocalChannel channel) {
                    channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                        @Override
                        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
                            chunks.incrementAndGet();
                            ctx.write(((HttpContent) message).content(), promise);
                        }

                        @Override
                        public void flush(ChannelHandlerContext ctx) {
                            flushes.incrementAndGet();
                            ctx.flush();
                        }
                    });
                    serverSide.complete(channel);
                }
            }).bind(address).sync();
            new Bootstrap().group(loop).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object message) {
                    ByteBuf bytes = (ByteBuf) message;
                    received.append(bytes.toString(StandardCharsets.UTF_8));
                    bytes.release();
                }
            }).connect(address).sync();
            StreamHub hub = new StreamHub();
            Channel client = serverSide.get(5, TimeUnit.SECONDS);
            hub.add(client);
            CountDownLatch busy = new CountDownLatch(1);
            client.eventLoop().execute(() -> awaitQuietly(busy));

            for (int i = 0; i < 100; i++) hub.publish("reading", Map.of("n", i));
            busy.countDown();

            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 100; i++) expected.append("event: reading\ndata: {\"n\":").append(i).append("}\n\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.length() >= expected.length());
            assertThat(received.toString()).isEqualTo(expected.toString());
            assertThat(chunks).hasValue(1);
            assertThat(flushes).hasValue(1);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A channel of its own id: embedded channels share one by default, and the hub keeps clients by id. */
    private static EmbeddedChannel client() {
        return new EmbeddedChannel(DefaultChannelId.newInstance());
    }

    private static String frameOf(EmbeddedChannel channel) {
        HttpContent content = channel.readOutbound();
        ByteBuf frame = content.content();
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            content.release();
        }
    }
}
