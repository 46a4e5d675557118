package org.vigil.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.MqttTlsConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.BrokerClients;
import org.vigil.gateway.support.FreePorts;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.VitalSign;

/** The embedded broker's TLS listener, with a certificate and key made for the test. */
class EmbeddedBrokerTlsTest {

    private static final String TOPIC = "vigil/devices/bed-1/oximeter";
    private static final String BRIDGE = "bed-1-bridge";
    private static final String PASSWORD = "bed-1-secret";
    private static final Duration DELIVERED = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private ThrowAwayCertificate certificate;
    private VigilConfig config;
    private Gateway gateway;
    private MqttAsyncClient device;

    @BeforeEach
    void givenACertificateForTheBroker() throws Exception {
        certificate = ThrowAwayCertificate.in(Files.createDirectories(directory.resolve("certs")));
        VigilConfig base = TestWards.securedConfig(directory.resolve("data"), List.of(
                TestWards.bed("bed-1", TestWards.mqtt("bed-1-oximeter", "json", TOPIC))));
        config = base.withMqtt(base.mqtt()
                .withClients(List.of(new MqttClientConfig(BRIDGE, PasswordHashing.hash(PASSWORD.toCharArray(), 4),
                        List.of(TOPIC), List.of()))));
    }

    @AfterEach
    void stop() {
        BrokerClients.close(device);
        if (gateway != null) gateway.close();
    }

    @Test
    void aBridgeWithCredentialsPublishesReadingsOverTls() throws Exception {
        gateway = Gateway.start(withTls(certificate.certificate().toString(), certificate.key().toString()));
        assertThat(gateway.mqttTlsPort()).isPositive();

        device = BrokerClients.connect(tlsUrl(), "bridge", BRIDGE, PASSWORD, certificate.trustingSockets());

        // published until one arrives: the gateway subscribes in the background after it starts
        await("the reading sent over TLS is on bed-1").atMost(DELIVERED).until(() -> {
            BrokerClients.publish(device, TOPIC, "{\"vital\":\"SPO2\",\"value\":96,\"unit\":\"%\"}");
            var latest = gateway.ward().bed("bed-1").orElseThrow().latest(VitalSign.SPO2);
            return latest != null && latest.value() == 96;
        });
    }

    @Test
    void theTlsListenerStillWantsCredentialsAndSpeaksOnlyTls() throws Exception {
        gateway = Gateway.start(withTls(certificate.certificate().toString(), certificate.key().toString()));
        SSLSocketFactory sockets = certificate.trustingSockets();

        assertThatThrownBy(() -> BrokerClients.connect(tlsUrl(), "nosy", null, null, sockets))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> BrokerClients.connect("tcp://127.0.0.1:" + gateway.mqttTlsPort(), "plain", BRIDGE, PASSWORD))
                .as("plain MQTT on the TLS port").isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> BrokerClients.connect(tlsUrl(), "untrusting", BRIDGE, PASSWORD, (SSLSocketFactory) SSLSocketFactory.getDefault()))
                .as("a client that does not trust the certificate").isInstanceOf(MqttException.class);
    }

    @Test
    void aKeyThatIsNotAKeyStopsTheStartNamingTheFiles() throws Exception {
        Path notAKey = Files.writeString(directory.resolve("not-a.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> gateway = Gateway.start(withTls(certificate.certificate().toString(), notAKey.toString())))
                .hasMessageContaining("cannot use the MQTT TLS certificate " + certificate.certificate())
                .hasMessageContaining("with key " + notAKey);
    }

    private VigilConfig withTls(String certificateFile, String keyFile) {
        return config.withMqtt(config.mqtt().withTls(new MqttTlsConfig(FreePorts.next(), certificateFile, keyFile)));
    }

    private String tlsUrl() {
        return "ssl://127.0.0.1:" + gateway.mqttTlsPort();
    }
}
