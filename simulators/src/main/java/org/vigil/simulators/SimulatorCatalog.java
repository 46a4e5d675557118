package org.vigil.simulators;

import java.time.ZoneId;
import org.vigil.simulators.ble.BleBloodPressureSimulator;
import org.vigil.simulators.ble.BlePlxSimulator;
import org.vigil.simulators.contec.Contec46Simulator;
import org.vigil.simulators.contec.ContecSimulator;
import org.vigil.simulators.json.JsonReadingSimulator;
import org.vigil.simulators.masimo.MasimoSimulator;
import org.vigil.simulators.nonin.NoninSimulator;
import org.vigil.simulators.suntech.SunTechModuleSimulator;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The device simulators by protocol name, the same names the gateway's configuration uses. Each
 * name makes a fresh simulator, since a simulator keeps its own protocol state.
 */
public final class SimulatorCatalog {

    /** One entry per protocol simulator: name, then how to make one. */
    private static final Map<String, Supplier<DeviceSimulator>> STANDARD = Map.ofEntries(
            Map.entry("masimo", () -> new MasimoSimulator("1234567", ZoneId.systemDefault())),
            Map.entry("nonin2", () -> new NoninSimulator(2)),
            Map.entry("nonin7", () -> new NoninSimulator(7)),
            Map.entry("nonin8", () -> new NoninSimulator(8)),
            Map.entry("contec", ContecSimulator::new),
            Map.entry("contec46", Contec46Simulator::new),
            Map.entry("suntech", SunTechModuleSimulator::new),
            Map.entry("ble-plx", BlePlxSimulator::new),
            Map.entry("ble-bp", BleBloodPressureSimulator::new),
            Map.entry("json", JsonReadingSimulator::new)
    );

    private final Map<String, Supplier<DeviceSimulator>> factories;

    public SimulatorCatalog(Map<String, Supplier<DeviceSimulator>> factories) {
        this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
    }

    /** Every simulator this build ships. */
    public static SimulatorCatalog standard() {
        return new SimulatorCatalog(STANDARD);
    }

    /** This catalog plus (or with a replaced) {@code name}. */
    public SimulatorCatalog with(String name, Supplier<DeviceSimulator> factory) {
        Map<String, Supplier<DeviceSimulator>> more = new TreeMap<>(factories);
        more.put(name, factory);
        return new SimulatorCatalog(more);
    }

    public DeviceSimulator create(String name) {
        Supplier<DeviceSimulator> factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown protocol '" + name + "'; known: "
                    + (factories.isEmpty() ? "none" : String.join(", ", names())));
        }
        return factory.get();
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    public Set<String> names() {
        return factories.keySet();
    }
}
