package org.vigil.alerting.news2;

/** ACVPU, as NEWS2 scores it; assessed by a clinician, never derived from the vitals. */
public enum Consciousness {
    ALERT,
    NEW_CONFUSION,
    VOICE,
    PAIN,
    UNRESPONSIVE
}
