package org.vigil.gateway.mqtt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.vigil.alerting.Priority;
import org.vigil.gateway.alarms.TechnicalAlarms;
import org.vigil.gateway.logging.LogText;

/**
 * The technical alarm {@value #CODE}: someone tried to connect to the broker with one of the
 * gateway's client ids, which would have pushed the gateway off the broker. The broker refused
 * it; the alarm tells staff that something on the network is impersonating the gateway, and stays
 * for {@link #HOLD} after the last attempt.
 */
public final class ClientIdTakeoverAlarm implements AutoCloseable {

    public static final String CODE = "mqtt-client-id-refused";
    public static final Duration HOLD = Duration.ofMinutes(10);

    private final TechnicalAlarms alarms;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-mqtt-takeover-alarm");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> clearing;

    public ClientIdTakeoverAlarm(TechnicalAlarms alarms) {
        this.alarms = alarms;
    }

    /** Never blocks: called on a broker thread. */
    public synchronized void refused(String clientId, String username) {
        alarms.raise(CODE, Priority.HIGH, "The MQTT broker refused a client that tried the gateway's client id "
                + LogText.quote(clientId) + (username == null ? " without credentials" : " as user " + LogText.quote(username))
                + "; something on the network is impersonating the gateway");
        if (clearing != null) clearing.cancel(false);
        try {
            clearing = timer.schedule(() -> alarms.clear(CODE), HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            clearing = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
