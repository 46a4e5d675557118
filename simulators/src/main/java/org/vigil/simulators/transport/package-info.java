/**
 * How simulated devices reach the gateway (TCP device server, serial line, MQTT) and the line
 * faults that can sit in front of a transport (cable pull, noise).
 */
package org.vigil.simulators.transport;
