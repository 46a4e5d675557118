package org.vigil.gateway.config;

import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.LineSettings;

/**
 * One device on a bed. Exactly one of {@code serial}, {@code tcp} and {@code mqtt} says how its
 * bytes arrive.
 *
 * @param maximumQuietTime overrides the protocol's quiet time after which the device is silent
 * @param bpInterval       for blood-pressure devices: how often to start a measurement
 */
public record DeviceConfig(String id, String protocol, SerialTransport serial, TcpTransport tcp,
                           MqttTransport mqtt, DurationText maximumQuietTime, DurationText bpInterval) {

    public record SerialTransport(String port, String lineSettings) {
    }

    public record TcpTransport(String host, Integer port) {
    }

    public record MqttTransport(String topic) {
    }

    /** The endpoint this device is read from; call only on a validated configuration. */
    public DeviceEndpoint endpoint() {
        if (serial != null) {
            return new DeviceEndpoint.Serial(serial.port(),
                    serial.lineSettings() == null ? null : LineSettings.parse(serial.lineSettings()));
        }
        if (tcp != null) {
            return new DeviceEndpoint.Tcp(tcp.host(), tcp.port());
        }
        return new DeviceEndpoint.Mqtt(mqtt.topic());
    }
}
