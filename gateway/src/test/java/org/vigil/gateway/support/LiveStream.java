package org.vigil.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A real Server-Sent Events client on {@code /api/stream} that keeps every event it receives. */
public final class LiveStream implements AutoCloseable {

    /** @param receivedAt when this client read the event off the wire */
    public record Event(String type, JsonNode data, Instant receivedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final CompletableFuture<Void> read;
    private volatile int status;

    public LiveStream(HttpClient client, URI stream) {
        this(client, HttpRequest.newBuilder(stream));
    }

    /** With a request of the caller's, e.g. one that carries credentials. */
    public LiveStream(HttpClient client, HttpRequest.Builder request) {
        response = client.sendAsync(request.header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        read = response.thenAcceptAsync(r -> {
            status = r.statusCode();
            String[] type = {"message"};
            r.body().forEach(line -> {
                if (line.startsWith("event: ")) {
                    type[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    try {
                        events.add(new Event(type[0], JSON.readTree(line.substring(6)), Instant.now()));
                    } catch (Exception e) {
                        events.add(new Event("unparseable", null, Instant.now()));
                    }
                }
            });
        });
    }

    /** Whether the gateway has ended the stream (or it could not be opened). */
    public boolean ended() {
        return read.isDone();
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return events;
    }

    public Stream<Event> events(String type) {
        return events.stream().filter(e -> e.type().equals(type));
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
