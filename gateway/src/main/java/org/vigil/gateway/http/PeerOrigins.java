package org.vigil.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * CORS for {@code /health} only: the dashboard of one gateway of an active/standby pair reads the
 * other's health to find the active one (Fetch Standard, CORS protocol: {@code Access-Control-Allow-Origin}
 * names the one allowed origin, with {@code Vary: Origin}). Any other origin gets no CORS header.
 */
final class PeerOrigins {

    private PeerOrigins() {
    }

    static FullHttpResponse allow(HttpRequest request, FullHttpResponse response, List<String> peers) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        if (origin == null) return response;
        for (String peer : peers) {
            if (originOf(peer).equals(origin.toLowerCase(Locale.ROOT))) {
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                break;
            }
        }
        return response;
    }

    /** {@code scheme://host[:port]} of a URL, lower case, without a default port (RFC 6454, 6.1). */
    static String originOf(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
