package org.vigil.gateway.export;

/** What an administrator can do about the export. */
@FunctionalInterface
public interface ExportControl {

    /**
     * Sends the resources the FHIR server refused once more (after the cause was fixed there),
     * audited with who asked. Returns how many were re-queued.
     */
    int requeueParked(String user);
}
