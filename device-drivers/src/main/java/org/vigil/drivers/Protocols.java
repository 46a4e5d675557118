package org.vigil.drivers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vigil.drivers.ble.BleGattProtocol;
import org.vigil.drivers.contec.Contec46Protocol;
import org.vigil.drivers.contec.ContecProtocol;
import org.vigil.drivers.masimo.MasimoProtocol;
import org.vigil.drivers.nonin.NoninFormat;
import org.vigil.drivers.json.JsonProtocol;
import org.vigil.drivers.nonin.NoninProtocol;
import org.vigil.drivers.suntech.SunTechProtocol;

/** Every protocol Vigil speaks, by the name used in configuration and on the command line. */
public final class Protocols {

    private static final Map<String, DeviceProtocol> BY_NAME = List.<DeviceProtocol>of(
                    new MasimoProtocol(),
                    new NoninProtocol(NoninFormat.FORMAT_2),
                    new NoninProtocol(NoninFormat.FORMAT_7),
                    new NoninProtocol(NoninFormat.FORMAT_8),
                    new ContecProtocol(),
                    new Contec46Protocol(),
                    new SunTechProtocol(),
                    BleGattProtocol.plx(),
                    BleGattProtocol.bloodPressure(),
                    new JsonProtocol()
            )
            .stream()
            .collect(Collectors.toMap(DeviceProtocol::name, Function.identity(), (a, b) -> a, TreeMap::new));

    private Protocols() {
    }

    public static DeviceProtocol byName(String name) {
        DeviceProtocol protocol = BY_NAME.get(name);
        if (protocol == null) {
            throw new IllegalArgumentException("unknown protocol '" + name + "'; known: " + String.join(", ", names()));
        }
        return protocol;
    }

    public static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}
