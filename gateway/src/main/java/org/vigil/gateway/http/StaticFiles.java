package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The dashboard's files, served from {@code /web/} on the class path, and the front-end libraries
 * of the WebJars under {@code /webjars/}.
 */
final class StaticFiles {

    private StaticFiles() {
    }

    static FullHttpResponse serve(String path) {
        return serve(path, List.of());
    }

    /** @param peers the other gateways of an active/standby pair, whose {@code /health} the page may read */
    static FullHttpResponse serve(String path, List<String> peers) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || !name.matches("[A-Za-z0-9._/-]+")) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
        }
        String resource = name.startsWith("webjars/") ? "/META-INF/resources/" + name : "/web/" + name;
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
            FullHttpResponse response = HttpResponses.bytes(HttpResponseStatus.OK, contentType(name), in.readAllBytes());
            if (name.endsWith(".html")) {
                // Scripts and styles come only from the gateway itself: no inline script can run.
                StringBuilder connect = new StringBuilder("'self'");
                for (String peer : peers) connect.append(' ').append(PeerOrigins.originOf(peer));
                response.headers().set("Content-Security-Policy", "default-src 'self'; connect-src " + connect + "; img-src 'self' data:; "
                        + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
                response.headers().set("Referrer-Policy", "no-referrer");
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".png")) return "image/png";
        return "application/octet-stream";
    }
}
