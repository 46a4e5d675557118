package org.vigil.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.TestUsers;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.RawHttp;
import org.vigil.gateway.support.TestWards;
import org.vigil.gateway.support.ThrowAwayCertificate;

/**
 * HTTPS from a configured certificate and key, as PEM files and as a PKCS #12 keystore, with HSTS,
 * a Secure session cookie, and FHIR links on the configured public URL rather than a forged Host.
 */
class HttpsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;
    @TempDir
    Path keys;

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void givenAPemCertificateAndKeyThenTheGatewayServesHttpsWithHstsAndASecureCookie() throws Exception {
        ThrowAwayCertificate certificate = ThrowAwayCertificate.in(keys);
        gateway = Gateway.start(config(new HttpConfig.TlsConfig(certificate.pem().toString(), certificate.pemKey().toString(), null)));
        HttpClient https = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();

        HttpResponse<String> health = https.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

        HttpResponse<String> signIn = https.send(HttpRequest.newBuilder(uri("/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", "nurse",
                        "password", TestUsers.PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HTTPOnly");
    }

    @Test
    void givenAPkcs12KeystoreThenTheGatewayServesHttpsAndRefusesPlainHttp() throws Exception {
        ThrowAwayCertificate certificate = ThrowAwayCertificate.in(keys);
        gateway = Gateway.start(config(new HttpConfig.TlsConfig(certificate.pkcs12().toString(), null, null)));
        HttpClient https = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();

        assertThat(https.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void givenAPublicUrlThenFhirLinksUseItWhateverHostTheRequestNames() throws Exception {
        VigilConfig config = TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all());
        gateway = Gateway.start(config.withHttp(config.http().withPublicUrl("https://vigil.clinic.example:8443/")));

        RawHttp.Response search = searchWithHost("evil.example:666");

        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).contains("https://vigil.clinic.example:8443/fhir/Patient").doesNotContain("evil.example");
    }

    @Test
    void givenNoPublicUrlThenAForgedHostNeverReachesALinkButTheGatewaysOwnAddressDoes() throws Exception {
        gateway = Gateway.start(TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all()));
        String own = "127.0.0.1:" + gateway.httpPort();

        RawHttp.Response forged = searchWithHost("evil.example:666");
        RawHttp.Response localhost = searchWithHost("localhost:" + gateway.httpPort());

        assertThat(forged.status()).isEqualTo(200);
        assertThat(forged.body()).contains("http://" + own + "/fhir/Patient").doesNotContain("evil.example");
        assertThat(localhost.body()).contains("http://localhost:" + gateway.httpPort() + "/fhir/Patient");
        assertThat(searchWithHost("localhost:1").body()).doesNotContain("localhost:1/").contains(own);
    }

    private RawHttp.Response searchWithHost(String host) {
        return RawHttp.send("127.0.0.1", gateway.httpPort(), ("GET /fhir/Patient?identifier=MRN-0 HTTP/1.1\r\n"
                + "Host: " + host + "\r\nConnection: close\r\n" + RawHttp.basic("viewer", TestUsers.PASSWORD) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private VigilConfig config(HttpConfig.TlsConfig tls) {
        VigilConfig config = TestWards.config(storage, List.of(TestWards.bed("bed-1", TestWards.tcp("bed-1-oximeter", "masimo"))))
                .withUsers(TestUsers.all());
        return config.withHttp(config.http().withTls(tls));
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + gateway.httpPort() + path);
    }
}
