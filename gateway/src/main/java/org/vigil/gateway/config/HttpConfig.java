package org.vigil.gateway.config;

/**
 * Where the dashboard, the JSON API, the FHIR API and the metrics are served.
 *
 * @param publicUrl      the address clients use (e.g. {@code https://vigil.clinic.example:8443}), the
 *                       base of every FHIR link; without it links use the configured address
 * @param tls            serve HTTPS from this certificate and key; plain HTTP without it
 * @param hsts           send {@code Strict-Transport-Security} over HTTPS; on by default with TLS
 * @param idleTimeout    a connection with nothing read or written this long is closed
 * @param requestTimeout a request must have arrived whole this long after its first byte (408)
 */
public record HttpConfig(String bind, Integer port, String publicUrl, TlsConfig tls, Boolean hsts,
                         DurationText idleTimeout, DurationText requestTimeout) {

    public static final HttpConfig DEFAULT = new HttpConfig(null, null);

    public HttpConfig {
        bind = bind == null ? "127.0.0.1" : bind;
        port = port == null ? 8080 : port;
        hsts = hsts == null ? tls != null : hsts;
        idleTimeout = idleTimeout == null ? DurationText.parse("60s") : idleTimeout;
        requestTimeout = requestTimeout == null ? DurationText.parse("10s") : requestTimeout;
    }

    public HttpConfig(String bind, Integer port) {
        this(bind, port, null, null, null, null, null);
    }

    public HttpConfig withTls(TlsConfig newTls) {
        return new HttpConfig(bind, port, publicUrl, newTls, newTls != null, idleTimeout, requestTimeout);
    }

    public HttpConfig withPublicUrl(String newPublicUrl) {
        return new HttpConfig(bind, port, newPublicUrl, tls, hsts, idleTimeout, requestTimeout);
    }

    public HttpConfig withTimeouts(DurationText newIdleTimeout, DurationText newRequestTimeout) {
        return new HttpConfig(bind, port, publicUrl, tls, hsts, newIdleTimeout, newRequestTimeout);
    }

    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /**
     * The certificate and private key the HTTP server presents.
     *
     * @param certificate a PEM file (the certificate, then any intermediates), or a PKCS #12 keystore
     *                    ({@code .p12} or {@code .pfx}) holding key and chain
     * @param key         the PEM private key (PKCS #8) for a PEM certificate; none for PKCS #12
     * @param passwordEnv the variable holding the keystore's or the encrypted key's password
     */
    public record TlsConfig(String certificate, String key, String passwordEnv) {

        public boolean pkcs12() {
            String name = certificate == null ? "" : certificate.toLowerCase(java.util.Locale.ROOT);
            return name.endsWith(".p12") || name.endsWith(".pfx");
        }
    }
}
