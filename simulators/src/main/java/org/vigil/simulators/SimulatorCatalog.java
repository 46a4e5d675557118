package org.vigil.simulators;

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
