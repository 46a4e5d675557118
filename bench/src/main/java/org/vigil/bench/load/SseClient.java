package org.vigil.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A minimal, fast client of {@code /api/stream}: a plain socket reading Server-Sent Events lines
 * (inside HTTP chunks, whose size lines it skips), so that the dashboard side is never what limits
 * the measurement. Each event is handed over on the reading thread with the instant it arrived.
 */
final class SseClient implements AutoCloseable {

    @FunctionalInterface
    interface Listener {
        void event(String type, String data, Instant received);
    }

    private final Socket socket;
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(Socket socket, Listener listener) {
        this.socket = socket;
        this.reader = new Thread(() -> read(listener), "sse-client");
        reader.setDaemon(true);
    }

    /** Connects and sends the request; throws if the gateway does not accept the connection. */
    static SseClient connect(int port, Listener listener) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setReceiveBufferSize(1 << 20);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        SseClient client = new SseClient(socket, listener);
        client.reader.start();
        return client;
    }

    /** Whether the stream has ended: closed by the gateway (e.g. because this client fell behind) or by us. */
    boolean ended() {
        return ended;
    }

    private void read(Listener listener) {
        byte[] line = new byte[1 << 16];
        String type = "message";
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = socket.getInputStream()) {
            int length = 0;
            for (int count; (count = in.read(chunk)) >= 0; ) {
                for (int i = 0; i < count; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (length < line.length) line[length++] = b;
                        continue;
                    }
                    if (length > 0 && line[length - 1] == '\r') length--;
                    if (startsWith(line, length, "event: ")) {
                        type = new String(line, 7, length - 7, StandardCharsets.UTF_8);
                    } else if (startsWith(line, length, "data: ")) {
                        listener.event(type, new String(line, 6, length - 6, StandardCharsets.UTF_8), Instant.now());
                        type = "message";
                    }
                    length = 0;
                }
            }
        } catch (IOException e) {
            // closed by us or by the gateway
        }
        ended = true;
    }

    private static boolean startsWith(byte[] line, int length, String prefix) {
        if (length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) return false;
        }
        return true;
    }

    /** The value of a string field in a flat JSON event, or {@code null}; enough for the gateway's own events. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":";
        int at = json.indexOf(key);
        if (at < 0) return null;
        int start = at + key.length();
        if (json.charAt(start) != '"') {
            int end = start;
            while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) end++;
            return json.substring(start, end);
        }
        return json.substring(start + 1, json.indexOf('"', start + 1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
