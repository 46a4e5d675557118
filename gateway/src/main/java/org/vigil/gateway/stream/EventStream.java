package org.vigil.gateway.stream;

/** Where live events go: {@code reading}, {@code device}, {@code alarm}, {@code audio}, {@code heartbeat}. */
@FunctionalInterface
public interface EventStream {

    void publish(String type, Object payload);
}
