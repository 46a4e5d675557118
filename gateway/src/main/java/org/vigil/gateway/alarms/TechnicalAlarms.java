package org.vigil.gateway.alarms;

import org.vigil.alerting.Priority;

/**
 * The gateway's own alarm conditions (storage failing, export lagging, broker lost): IEC 60601-1-8
 * technical alarm conditions, raised when the gateway cannot tell what is happening.
 */
public interface TechnicalAlarms {

    /** Raises the condition, or updates its detail if it is already raised. */
    void raise(String code, Priority priority, String detail);

    void clear(String code);
}
