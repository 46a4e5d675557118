package org.vigil.gateway.support;

import java.nio.file.Path;
import java.util.List;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.MqttConfig;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;

/** Configurations built in code, on free loopback ports, with the shipped alarm profiles. */
public final class TestWards {

    private TestWards() {
    }

    /** The shipped {@code config/} folder, for its alarm profiles. */
    public static Path shippedConfig() {
        return Path.of("..", "config").toAbsolutePath().normalize();
    }

    /**
     * A loopback test bench: the embedded broker lets simulated devices and test clients in without
     * credentials ({@code mqtt.anonymous}); {@link #securedConfig} is the configuration a clinic runs.
     */
    public static VigilConfig config(Path storage, List<BedConfig> beds) {
        VigilConfig secured = securedConfig(storage, beds);
        return secured.withMqtt(secured.mqtt().withAnonymous(true));
    }

    /** The embedded broker with anonymous access off: only the gateway and {@code mqtt.clients} get in. */
    public static VigilConfig securedConfig(Path storage, List<BedConfig> beds) {
        return new VigilConfig(new HttpConfig("127.0.0.1", 0),
                new MqttConfig(true, "127.0.0.1", FreePorts.next(), null, null, null, "vigil-test-" + System.nanoTime()),
                new StorageConfig(storage.toString(), null, null, null, null, null), null, beds, shippedConfig());
    }

    /** Four beds over three transports and six protocols, like the demo. */
    public static List<BedConfig> fourBeds() {
        return List.of(
                bed("bed-1", tcp("bed-1-oximeter", "masimo")),
                bed("bed-2", tcp("bed-2-oximeter", "nonin7")),
                bed("bed-3", mqtt("bed-3-oximeter", "json", "vigil/devices/bed-3/oximeter")),
                bed("bed-4", mqtt("bed-4-oximeter", "ble-plx", "ble/bed-4/oximeter/+")));
    }

    public static BedConfig bed(String id, DeviceConfig... devices) {
        return new BedConfig(id, "Chair " + id.substring(id.length() - 1), "kap-adult", false, List.of(devices));
    }

    public static DeviceConfig tcp(String id, String protocol) {
        return new DeviceConfig(id, protocol, null, new DeviceConfig.TcpTransport("127.0.0.1", FreePorts.next()), null,
                null, null);
    }

    public static DeviceConfig mqtt(String id, String protocol, String topic) {
        return new DeviceConfig(id, protocol, null, null, new DeviceConfig.MqttTransport(topic), null, null);
    }
}
