/**
 * Clinical scenarios: timelines of vital-sign targets in scenario time, plus the line fault a
 * scenario puts between the device and the gateway.
 */
package org.vigil.simulators.scenario;
