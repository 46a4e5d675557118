package org.vigil.gateway.alarms;

import java.util.concurrent.CompletableFuture;

/** Publishes MQTT messages for pagers and nurse-call bridges. */
@FunctionalInterface
public interface AlarmPublisher {

    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);
}
