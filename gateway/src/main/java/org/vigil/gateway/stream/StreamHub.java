package org.vigil.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ha.Fence;
import org.vigil.gateway.Json;

/**
 * Fans live events out to every connected Server-Sent Events client. Each event is encoded once;
 * a client that cannot keep up is disconnected rather than silently missing events, so that its
 * page shows the loss and reloads the full state when it reconnects.
 *
 * <p>Events are published from the beds' threads, and each client's events wait in a queue of its
 * own until its event loop writes them: everything that queued up meanwhile goes out in one write
 * and one flush, so under load a client costs a system call per batch of events rather than per
 * event, and a quiet ward still sees each event at once.
 */
public final class StreamHub implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** Frame prefixes by event type, made once: a handful of types, written for every reading. */
    private static final Map<String, byte[]> PREFIXES = new ConcurrentHashMap<>();
    private static final byte[] END_OF_EVENT = {'\n', '\n'};

    private final ChannelGroup clients = new DefaultChannelGroup("sse-clients", GlobalEventExecutor.INSTANCE);

    private static final AttributeKey<BooleanSupplier> SIGNED_IN = AttributeKey.valueOf("vigil.stream.signed-in");
    private static final AttributeKey<Outbound> OUTBOUND = AttributeKey.valueOf("vigil.stream.outbound");
    /**
     * How far behind a client may fall before it is cut off: 8 MiB is seconds of events even at a
     * ward's full ingest. Its frames share their bytes with every other client's, so a client
     * behind holds little memory of its own. Less let a client go for the event loop's own pauses:
     * a loop kept from running for a moment under load hands the socket a burst larger than it
     * takes at once.
     */
    static final WriteBufferWaterMark BEHIND = new WriteBufferWaterMark(4 << 20, 8 << 20);

    private final Fence fence;

    public StreamHub() {
        this(Fence.SINGLE_NODE);
    }

    /** A hub that sends nothing while {@code fence} forbids output (the lease of an active/standby pair). */
    public StreamHub(Fence fence) {
        this.fence = fence;
    }

    /** A client's stream; with {@link #closeEnded} it lasts only while {@code signedIn} holds. */
    public void add(Channel channel, BooleanSupplier signedIn) {
        channel.attr(SIGNED_IN).set(signedIn);
        channel.config().setWriteBufferWaterMark(BEHIND);
        channel.attr(OUTBOUND).set(new Outbound(channel));
        clients.add(channel);
    }

    /** A stream without a sign-in (an open gateway, a test rig). */
    public void add(Channel channel) {
        add(channel, () -> true);
    }

    /** Closes every stream whose sign-in has ended (signed out, expired, user removed); returns how many. */
    public int closeEnded() {
        List<Channel> ended = new ArrayList<>();
        for (Channel channel : clients) {
            BooleanSupplier signedIn = channel.attr(SIGNED_IN).get();
            if (signedIn != null && !signedIn.getAsBoolean()) ended.add(channel);
        }
        ended.forEach(channel -> {
            LOG.info("Closing the live stream of {}: its sign-in has ended", channel.remoteAddress());
            channel.close();
        });
        return ended.size();
    }

    public int clientCount() {
        return clients.size();
    }

    /** Sends one event of the given type ({@code reading}, {@code device}, {@code alarm}...). */
    @Override
    public void publish(String type, Object payload) {
        if (clients.isEmpty() || !fence.allowsOutput()) return;
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            LOG.error("Cannot encode {} event", type, e);
            return;
        }
        ByteBuf frame = Unpooled.wrappedBuffer(PREFIXES.computeIfAbsent(type, StreamHub::prefix), json, END_OF_EVENT);
        try {
            for (Channel channel : clients) {
                ByteBuf copy = frame.retainedDuplicate();
                if (channel.attr(OUTBOUND).get().offer(copy)) continue;
                copy.release();
                // removed first, so that a client is reported and closed once, not on every event until it is gone
                if (clients.remove(channel)) {
                    LOG.warn("Live-stream client {} cannot keep up; disconnecting it so that it resynchronises", channel.remoteAddress());
                    channel.close();
                }
            }
        } finally {
            frame.release();
        }
    }

    /** The start of an event's frame, up to its data (the SSE "event" and "data" fields). */
    private static byte[] prefix(String type) {
        return ("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    }

    public void closeAll() {
        clients.close().awaitUninterruptibly();
    }

    /**
     * The events waiting for one client's event loop. A client is behind when its connection has
     * more unsent than the high water mark of {@link #BEHIND}, or as much again waits here for the
     * event loop.
     */
    private static final class Outbound implements Runnable {
        private static final int FRAMES_PER_CHUNK = 256;
        private final Channel channel;
        private final Queue<ByteBuf> frames = new ConcurrentLinkedQueue<>();
        private final AtomicLong queuedBytes = new AtomicLong();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Outbound(Channel channel) {
            this.channel = channel;
        }

        /** Queues a frame for the client; {@code false} if it is too far behind to take it. */
        boolean offer(ByteBuf frame) {
            if (!channel.isWritable() || queuedBytes.get() > channel.config().getWriteBufferHighWaterMark()) return false;
            queuedBytes.addAndGet(frame.readableBytes());
            frames.add(frame);
            if (channel.eventLoop().inEventLoop()) run();
            else if (scheduled.compareAndSet(false, true)) channel.eventLoop().execute(this);
            return true;
        }

        /**
         * On the event loop: writes all that waits, as chunks of up to {@link #FRAMES_PER_CHUNK}
         * events each (one pass through the HTTP encoder per chunk, not per event), then flushes once.
         */
        @Override
        public void run() {
            // cleared first: a frame queued from here on schedules another run, so none is left behind
            scheduled.set(false);
            CompositeByteBuf chunk = null;
            for (ByteBuf frame; (frame = frames.poll()) != null; ) {
                queuedBytes.addAndGet(-frame.readableBytes());
                if (chunk == null) chunk = Unpooled.compositeBuffer(FRAMES_PER_CHUNK);
                chunk.addComponent(true, frame);
                if (chunk.numComponents() == FRAMES_PER_CHUNK) {
                    write(chunk);
                    chunk = null;
                }
            }
            if (chunk != null) write(chunk);
            // nothing to flush when an earlier run took this run's frames: Netty then does nothing
            channel.flush();
        }

        private void write(ByteBuf chunk) {
            channel.write(new DefaultHttpContent(chunk), channel.voidPromise());
        }
    }
}
