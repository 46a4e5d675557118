package org.vigil.gateway.alarms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.vigil.alerting.AudioState;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.RuleChange;
import org.vigil.gateway.beds.BedState;

/** What the people at the ward see of alarms and do with them. */
public interface AlarmDesk {

    /** Every alarm that has not ended, the gateway's own included. */
    List<AlarmView> activeAlarms();

    /** Alarms that have not ended, highest priority first, of one bed. */
    List<AlarmView> alarmsOf(String bedId);

    CompletableFuture<Optional<AlarmView>> acknowledge(String alarmId, String user);

    CompletableFuture<AudioState> pauseAudio(BedState bed, String user);

    /**
     * Changes limits of one bed's limit rules, all or none, and audits each change with its author.
     * Fails with {@link IllegalArgumentException}, changing nothing, when a rule is not a limit rule
     * of the bed, or a limit is outside its vital's settable range or out of order with the others.
     */
    CompletableFuture<List<RuleChange>> changeLimits(BedState bed, Map<String, Double> wanted, String user);

    /** Runs {@code action} on the bed's alarms, on the bed's executor. */
    <T> CompletableFuture<T> onBedAlarms(BedState bed, Function<BedAlarms, T> action);

    News2View news2(String bedId);

    AudioState audio(String bedId);
}
