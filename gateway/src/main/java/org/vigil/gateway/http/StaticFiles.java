package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;

/** The dashboard's files, served from {@code /web/} on the class path. */
final class StaticFiles {

    private StaticFiles() {
    }

    static FullHttpResponse serve(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || !name.matches("[A-Za-z0-9._/-]+")) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no resource " + path);
            return HttpResponses.bytes(HttpResponseStatus.OK, contentType(name), in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /web/" + name, e);
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
