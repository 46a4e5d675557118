package org.vigil.drivers;

import java.util.Objects;

/** Where a device's bytes come from: a serial port, a network serial server, or an MQTT topic. */
public sealed interface DeviceEndpoint {

    /** A local serial port (RS-232, USB-serial, or a pseudo-terminal). */
    record Serial(String port, LineSettings lineSettings) implements DeviceEndpoint {
        public Serial {
            Objects.requireNonNull(port, "port");
        }

        @Override
        public String toString() {
            return "serial:" + port + (lineSettings == null ? "" : " " + lineSettings);
        }
    }

    /** A serial device server in raw TCP mode. */
    record Tcp(String host, int port) implements DeviceEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    /** Messages on an MQTT topic of the gateway's broker (may contain + and # wildcards). */
    record Mqtt(String topic) implements DeviceEndpoint {
        public Mqtt {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String toString() {
            return "mqtt:" + topic;
        }
    }
}
