package org.vigil.gateway.cli;

import java.util.List;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.config.Hl7Kind;

/** The demo's {@code --hl7-to HOST:PORT}: one MLLP listener that gets both PCD-01 and PCD-04. */
record Hl7Target(String host, int port) {

    static Hl7Target parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--hl7-to must be HOST:PORT, e.g. 127.0.0.1:6661; got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hl7-to port '" + text.substring(colon + 1) + "' is not a number");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--hl7-to port " + port + " is out of range 1-65535");
        return new Hl7Target(host, port);
    }

    /** A PCD-01 and a PCD-04 destination, both to this listener. */
    List<Hl7DestinationConfig> destinations() {
        return List.of(Hl7DestinationConfig.to("demo-pcd-01", Hl7Kind.PCD_01, host, port),
                Hl7DestinationConfig.to("demo-pcd-04", Hl7Kind.PCD_04, host, port));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
