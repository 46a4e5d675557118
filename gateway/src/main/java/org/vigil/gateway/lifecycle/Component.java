package org.vigil.gateway.lifecycle;

import com.google.common.util.concurrent.AbstractIdleService;
import java.util.Objects;

/**
 * A long-lived part of the gateway with a start and a stop, on Guava's {@code Service} state
 * machine. Parts written before the lifecycle existed are adapted with {@link #of}; new parts
 * extend {@link AbstractIdleService} themselves.
 */
public final class Component extends AbstractIdleService {

    /** What a part does to start or stop; may block. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;

        Step NOTHING = () -> { };
    }

    private final String name;
    private final Step start;
    private final Step stop;

    private Component(String name, Step start, Step stop) {
        this.name = Objects.requireNonNull(name, "name");
        this.start = Objects.requireNonNull(start, "start");
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    public static Component of(String name, Step start, Step stop) {
        return new Component(name, start, stop);
    }

    /** A part that is ready once built and only needs stopping. */
    public static Component closing(String name, Step stop) {
        return new Component(name, Step.NOTHING, stop);
    }

    @Override
    protected void startUp() throws Exception {
        start.run();
    }

    @Override
    protected void shutDown() throws Exception {
        stop.run();
    }

    @Override
    protected String serviceName() {
        return name;
    }
}
