package org.vigil.gateway.lifecycle;

import com.google.common.util.concurrent.Service;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components one after another, each after what it depends on, and stops them in reverse
 * order (Jetty's {@code ContainerLifeCycle}): whatever feeds a part stops before it, so a part
 * drains what it was handed before the parts it writes to close.
 */
public final class ComponentStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentStack.class);

    private final Deque<Service> running = new ArrayDeque<>();
    private final Duration startTimeout;
    private final Duration stopTimeout;

    public ComponentStack(Duration startTimeout, Duration stopTimeout) {
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /**
     * Starts a component and keeps it for {@link #close()}.
     *
     * @throws IllegalStateException if it fails to start or does not start in time; what had
     *                               started before keeps running until {@link #close()}
     */
    public synchronized <S extends Service> S start(S component) {
        component.startAsync();
        try {
            component.awaitRunning(startTimeout);
        } catch (TimeoutException e) {
            component.stopAsync();
            throw new IllegalStateException(component + " did not start within " + startTimeout.toSeconds() + " s");
        } catch (IllegalStateException e) {
            Throwable cause = component.failureCause();
            throw new IllegalStateException(component + " failed to start: " + (cause == null ? e : cause).getMessage(), cause);
        }
        running.push(component);
        LOG.debug("Started {}", component);
        return component;
    }

    /** Stops every started component, the last started first; a part that fails to stop does not keep the others running. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            Service component = running.pop();
            component.stopAsync();
            try {
                component.awaitTerminated(stopTimeout);
                LOG.debug("Stopped {}", component);
            } catch (TimeoutException e) {
                LOG.warn("{} did not stop within {} s; going on with the others", component, stopTimeout.toSeconds());
            } catch (IllegalStateException e) {
                LOG.warn("{} failed while stopping: {}", component, String.valueOf(component.failureCause()));
            }
        }
    }
}
