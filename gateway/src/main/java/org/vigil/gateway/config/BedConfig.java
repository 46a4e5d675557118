package org.vigil.gateway.config;

import java.util.List;

/**
 * One treatment bed (or chair) and the devices attached to it.
 *
 * @param alarmProfile       name of a profile in {@code alarm-profiles/} (without {@code .yaml})
 * @param cuffSameLimbAsSpo2 the BP cuff and the SpO2 probe are on the same arm, so SpO2 alarms are
 *                           held while the cuff inflates
 */
public record BedConfig(String id, String label, String alarmProfile, Boolean cuffSameLimbAsSpo2,
                        List<DeviceConfig> devices) {

    public BedConfig {
        alarmProfile = alarmProfile == null ? "kap-adult" : alarmProfile;
        cuffSameLimbAsSpo2 = cuffSameLimbAsSpo2 != null && cuffSameLimbAsSpo2;
        devices = devices == null ? List.of() : List.copyOf(devices);
        label = label == null ? id : label;
    }
}
