package org.vigil.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamHubTest {

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
        slow.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        slow.write(Unpooled.wrappedBuffer(new byte[64]));
        EmbeddedChannel keepingUp = client();
        hub.add(slow);
        hub.add(keepingUp);
        assertThat(slow.isWritable()).isFalse();

        hub.publish("reading", Map.of("bed", "bed-1"));

        assertThat(hub.clientCount()).isEqualTo(1);
        slow.runPendingTasks();
        assertThat(slow.isOpen()).isFalse();
        hub.publish("reading", Map.of("bed", "bed-2"));
        assertThat(frameOf(keepingUp)).contains("bed-1");
        assertThat(frameOf(keepingUp)).contains("bed-2");
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
