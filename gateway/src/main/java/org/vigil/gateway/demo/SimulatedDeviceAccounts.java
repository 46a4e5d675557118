package org.vigil.gateway.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.config.VigilConfig;

/**
 * Broker credentials for the demo's simulated MQTT devices, drawn at every start and kept in
 * memory: each device gets a user of its own that may publish only to its own topic, as a real
 * device or bridge would be configured under {@code mqtt.clients}.
 */
public final class SimulatedDeviceAccounts {

    /** OWASP's minimum bcrypt work factor; these passwords are random, not chosen by people. */
    private static final int COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwordByDevice;
    private final List<MqttClientConfig> clients;

    private SimulatedDeviceAccounts(Map<String, String> passwordByDevice, List<MqttClientConfig> clients) {
        this.passwordByDevice = passwordByDevice;
        this.clients = clients;
    }

    /** One account for each MQTT device of {@code config}. */
    public static SimulatedDeviceAccounts generate(VigilConfig config) {
        Map<String, String> passwords = new LinkedHashMap<>();
        List<MqttClientConfig> clients = new ArrayList<>();
        for (BedConfig bed : config.beds()) {
            for (DeviceConfig device : bed.devices()) {
                if (device.mqtt() == null) continue;
                byte[] secret = new byte[24];
                RANDOM.nextBytes(secret);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                passwords.put(device.id(), password);
                clients.add(new MqttClientConfig(username(device.id()), PasswordHashing.hash(password.toCharArray(), COST),
                        List.of(device.mqtt().topic()), List.of()));
            }
        }
        return new SimulatedDeviceAccounts(passwords, List.copyOf(clients));
    }

    /** None: the simulated devices connect without credentials. */
    public static SimulatedDeviceAccounts none() {
        return new SimulatedDeviceAccounts(Map.of(), List.of());
    }

    public static String username(String deviceId) {
        return "sim-" + deviceId;
    }

    /** The accounts as the broker's configuration lists them. */
    public List<MqttClientConfig> clients() {
        return clients;
    }

    /** The device's password, or {@code null} when it has no account. */
    String password(String deviceId) {
        return passwordByDevice.get(deviceId);
    }

    boolean has(String deviceId) {
        return passwordByDevice.containsKey(deviceId);
    }
}
