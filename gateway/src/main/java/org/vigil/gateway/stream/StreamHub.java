package org.vigil.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ha.Fence;
import org.vigil.gateway.Json;

/**
 * Fans live events out to every connected Server-Sent Events client. Each event is encoded once;
 * a client that cannot keep up is disconnected rather than silently missing events, so that its
 * page shows the loss and reloads the full state when it reconnects.
 */
public final class StreamHub implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** Frame prefixes by event type, made once: a handful of types, written for every reading. */
    private static final Map<String, byte[]> PREFIXES = new ConcurrentHashMap<>();
    private static final byte[] END_OF_EVENT = {'\n', '\n'};

    private final ChannelGroup clients = new DefaultChannelGroup("sse-clients", GlobalEventExecutor.INSTANCE);

    private static final AttributeKey<BooleanSupplier> SIGNED_IN = AttributeKey.valueOf("vigil.stream.signed-in");

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
        for (Channel channel : clients) {
            // removed first, so that a client is reported and closed once, not on every event until it is gone
            if (!channel.isWritable() && clients.remove(channel)) {
                LOG.warn("Live-stream client {} cannot keep up; disconnecting it so that it resynchronises", channel.remoteAddress());
                channel.close();
            }
        }
        clients.writeAndFlush(new DefaultHttpContent(frame), Channel::isWritable);
    }

    /** The start of an event's frame, up to its data (the SSE "event" and "data" fields). */
    private static byte[] prefix(String type) {
        return ("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    }

    public void closeAll() {
        clients.close().awaitUninterruptibly();
    }
}
