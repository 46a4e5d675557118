package org.vigil.alerting;

/** IEC 60601-1-8 alarm priorities, fixed by the profile; the bedside cannot lower them. */
public enum Priority {
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH;

    public boolean isHigherThan(Priority other) {
        return compareTo(other) > 0;
    }
}
