/**
 * The lifecycle every device driver shares, and the transports that carry device bytes.
 *
 * <p>{@link org.vigil.drivers.runtime.DeviceDriver} runs one serial or TCP device on its own
 * thread; {@link org.vigil.drivers.runtime.MqttDeviceHub} serves every MQTT device over one broker
 * connection. Both hand bytes to a protocol's {@link org.vigil.drivers.ProtocolSession}, stamp what
 * it decodes, and report connection state as lifecycle events. Protocols live in their own
 * packages and never see a port, a socket or a clock.
 */
package org.vigil.drivers.runtime;
