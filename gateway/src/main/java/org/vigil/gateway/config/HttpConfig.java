package org.vigil.gateway.config;

/** Where the dashboard, the JSON API, the FHIR API and the metrics are served. */
public record HttpConfig(String bind, Integer port) {

    public static final HttpConfig DEFAULT = new HttpConfig(null, null);

    public HttpConfig {
        bind = bind == null ? "127.0.0.1" : bind;
        port = port == null ? 8080 : port;
    }
}
