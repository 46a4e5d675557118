package org.vigil.gateway.alarms;

/** Who did what to which bed: written durably; a failed write is a technical alarm, never silent. */
@FunctionalInterface
public interface AuditTrail {

    void audit(String user, String action, String bedId, String details);
}
