package org.vigil.gateway.devices;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigil.drivers.DeviceCommand;
import org.vigil.gateway.alarms.AuditTrail;
import org.vigil.gateway.beds.BedState;

/** Sends "start a measurement now" to the first connected cuff of the bed that takes commands, and audits it. */
public final class BloodPressureRequests implements BloodPressureControl {

    /** How long a device has to take the command. */
    private static final Duration COMMAND_ANSWER = Duration.ofSeconds(2);

    private final DeviceFleet fleet;
    private final AuditTrail audit;

    public BloodPressureRequests(DeviceFleet fleet, AuditTrail audit) {
        this.fleet = fleet;
        this.audit = audit;
    }

    @Override
    public Outcome startNow(BedState bed, String user) {
        for (String device : fleet.devicesMeasuringOnCommand(bed.config())) {
            Optional<CompletableFuture<Boolean>> started = fleet.command(device, DeviceCommand.START_BP);
            if (started.isEmpty()) continue;
            try {
                if (started.get().get(COMMAND_ANSWER.toMillis(), TimeUnit.MILLISECONDS)) {
                    audit.audit(user, "BP_REQUESTED", bed.id(), device);
                    return new Outcome(Outcome.Result.STARTED, device, "measurement started");
                }
            } catch (ExecutionException | TimeoutException e) {
                return new Outcome(Outcome.Result.NOT_TAKEN, device,
                        "device " + device + " did not take the command: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Outcome.Result.NOT_TAKEN, device, "interrupted");
            }
        }
        return new Outcome(Outcome.Result.NO_DEVICE, null,
                "bed " + bed.id() + " has no connected blood-pressure device that can be started remotely");
    }
}
