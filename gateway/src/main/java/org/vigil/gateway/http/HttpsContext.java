package org.vigil.gateway.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import org.vigil.gateway.config.HttpConfig;

/** The server side of TLS from the configured certificate and key: PEM files or a PKCS #12 keystore. */
final class HttpsContext {

    /** TLS 1.2 and 1.3 only (BSI TR-02102-2 and RFC 8996, which deprecates TLS 1.0 and 1.1). */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private HttpsContext() {
    }

    /**
     * @param password the keystore's or encrypted key's password, or {@code null}
     * @throws IllegalStateException naming the file when it cannot be read as a certificate and key
     */
    static SslContext of(HttpConfig.TlsConfig tls, Path configDirectory, String password) {
        Path certificate = configDirectory.resolve(tls.certificate());
        try {
            SslContextBuilder builder;
            if (tls.pkcs12()) {
                char[] secret = password == null ? new char[0] : password.toCharArray();
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(certificate)) {
                    store.load(in, secret);
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, secret);
                builder = SslContextBuilder.forServer(keys);
            } else {
                builder = SslContextBuilder.forServer(certificate.toFile(), configDirectory.resolve(tls.key()).toFile(), password);
            }
            return builder.protocols(PROTOCOLS).build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("http.tls: cannot use " + certificate
                    + (tls.pkcs12() ? "" : " with " + tls.key()) + " as certificate and key: " + e.getMessage(), e);
        }
    }
}
