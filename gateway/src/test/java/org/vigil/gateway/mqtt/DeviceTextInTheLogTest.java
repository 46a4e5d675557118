package org.vigil.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.support.BrokerClients;
import org.vigil.gateway.support.TestWards;
import org.vigil.model.VitalSign;

/**
 * A condition {@code detail} from an MQTT device with a line break and ANSI escapes cannot forge a
 * log line or recolour the terminal: the gateway's log (slf4j-simple, on standard error) shows it
 * escaped on the line it belongs to.
 */
class DeviceTextInTheLogTest {

    private static final String TOPIC = "vigil/devices/bed-1/oximeter";
    private static final String FORGED = "2026-12-02T05:00:00.000+0000 [main] ERROR Gateway - forged line";
    private static final Duration LOGGED = Duration.ofSeconds(10);

    @TempDir
    Path storage;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream standardError = System.err;
    private Gateway gateway;
    private MqttAsyncClient device;

    @AfterEach
    void stop() {
        System.setErr(standardError);
        BrokerClients.close(device);
        if (gateway != null) gateway.close();
    }

    @Test
    void aDetailWithALineBreakAndAnsiEscapesIsLoggedEscapedOnItsOwnLine() throws Exception {
        VigilConfig base = TestWards.securedConfig(storage, List.of(
                TestWards.bed("bed-1", TestWards.mqtt("bed-1-oximeter", "json", TOPIC))));
        VigilConfig config = base.withMqtt(base.mqtt().withClients(List.of(new MqttClientConfig("bed-1-bridge",
                PasswordHashing.hash("secret".toCharArray(), 4), List.of(TOPIC), List.of()))));
        gateway = Gateway.start(config);
        device = BrokerClients.connect(config.mqtt().brokerUrl(), "bridge", "bed-1-bridge", "secret");
        // published until one arrives: the gateway subscribes in the background after it starts
        await("bed-1 read").atMost(LOGGED).until(() -> {
            BrokerClients.publish(device, TOPIC, "{\"vital\":\"SPO2\",\"value\":97,\"unit\":\"%\"}");
            return gateway.ward().bed("bed-1").orElseThrow().latest(VitalSign.SPO2) != null;
        });
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

        BrokerClients.publish(device, TOPIC, "{\"condition\":\"SENSOR_OFF\",\"active\":true,"
                + "\"detail\":\"probe off\\n" + FORGED + "\\u001b[31m red\"}");

        await("the condition logged").atMost(LOGGED).until(() -> log().contains("SENSOR_OFF raised"));
        String log = log();
        assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
        assertThat(log).doesNotContain("\u001b").contains("(probe off\\n" + FORGED + "\\u001b[31m red)");
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
