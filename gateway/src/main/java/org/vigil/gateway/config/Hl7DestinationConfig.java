package org.vigil.gateway.config;

import java.time.Duration;

/**
 * One HL7 v2 destination reached over MLLP: an interface engine, an EHR or an alert manager.
 *
 * @param name                 short unique id, used in the outbox, metrics and alarms
 * @param kind                 PCD-01 observations or PCD-04 alarm reports
 * @param tls                  MLLP over TLS, with the JVM's trust store
 * @param sendingFacility      MSH-4, and the facility of PV1-3
 * @param receivingApplication MSH-5
 * @param receivingFacility    MSH-6
 * @param ackTimeout           how long to wait for the ACK of one message before sending it again
 * @param lagAlarm             the destination is a technical alarm once its oldest unsent message is this old
 */
public record Hl7DestinationConfig(String name, Hl7Kind kind, String host, Integer port, Boolean tls,
                                   String sendingFacility, String receivingApplication, String receivingFacility,
                                   DurationText ackTimeout, DurationText lagAlarm) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LAG_ALARM = Duration.ofMinutes(5);

    public Hl7DestinationConfig {
        tls = tls != null && tls;
        sendingFacility = sendingFacility == null ? "VIGIL" : sendingFacility;
        receivingApplication = receivingApplication == null ? "" : receivingApplication;
        receivingFacility = receivingFacility == null ? "" : receivingFacility;
        ackTimeout = ackTimeout == null ? new DurationText(DEFAULT_ACK_TIMEOUT) : ackTimeout;
        lagAlarm = lagAlarm == null ? new DurationText(DEFAULT_LAG_ALARM) : lagAlarm;
    }

    /** A destination with the defaults, for code and tests. */
    public static Hl7DestinationConfig to(String name, Hl7Kind kind, String host, int port) {
        return new Hl7DestinationConfig(name, kind, host, port, false, null, null, null, null, null);
    }

    public Hl7DestinationConfig withAckTimeout(Duration timeout) {
        return new Hl7DestinationConfig(name, kind, host, port, tls, sendingFacility, receivingApplication,
                receivingFacility, new DurationText(timeout), lagAlarm);
    }

    public Hl7DestinationConfig withLagAlarm(Duration lag) {
        return new Hl7DestinationConfig(name, kind, host, port, tls, sendingFacility, receivingApplication,
                receivingFacility, ackTimeout, new DurationText(lag));
    }
}
