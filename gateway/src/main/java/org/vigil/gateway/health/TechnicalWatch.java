package org.vigil.gateway.health;

import com.google.common.util.concurrent.AbstractScheduledService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Priority;
import org.vigil.gateway.alarms.TechnicalAlarms;

/**
 * Turns what the gateway cannot do into technical alarms: storage that cannot write
 * ({@value #STORAGE_FAILING}) and an export that falls behind ({@value #EXPORT_FAILING}). A flood of
 * storage failures raises the alarm once per check period, not once per reading; it ends after a
 * whole period without a new failure.
 */
public final class TechnicalWatch extends AbstractScheduledService {

    private static final Logger LOG = LoggerFactory.getLogger(TechnicalWatch.class);

    public static final Duration CHECK_PERIOD = Duration.ofSeconds(5);
    public static final String STORAGE_FAILING = "storage-failing";
    public static final String EXPORT_FAILING = "export-failing";

    /** What the watch reads about storage: failures so far (writes, dropped readings) and whether the last write worked. */
    public interface StorageState {
        long failuresSoFar();

        boolean healthy();
    }

    /** What the watch reads about the export; {@code null} lag when nothing waits. */
    public interface ExportState {
        Duration lag(Instant now);

        String lastError();
    }

    private final TechnicalAlarms alarms;
    private final StorageState storage;
    private final ExportState export;
    private final Duration exportLagAlarm;
    private final Clock clock;
    private volatile Instant lastFailureReport;
    private long failuresAtLastCheck;

    /** @param export {@code null} when the gateway does not export */
    public TechnicalWatch(TechnicalAlarms alarms, StorageState storage, ExportState export, Duration exportLagAlarm,
                          Clock clock) {
        this.alarms = alarms;
        this.storage = storage;
        this.export = export;
        this.exportLagAlarm = exportLagAlarm;
        this.clock = clock;
    }

    /** The failure listener of every part that writes: never throws. */
    public void storageFailed(RuntimeException failure) {
        try {
            Instant now = clock.instant();
            Instant last = lastFailureReport;
            if (last != null && Duration.between(last, now).compareTo(CHECK_PERIOD) < 0) return;
            lastFailureReport = now;
            LOG.warn("Storage write failed: {}", failure.toString());
            alarms.raise(STORAGE_FAILING, Priority.HIGH, "Vital signs cannot be stored: " + failure.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Storage failure not reported: {}", e.toString());
        }
    }

    @Override
    protected void runOneIteration() {
        try {
            long failures = storage.failuresSoFar();
            if (failures == failuresAtLastCheck && storage.healthy()) alarms.clear(STORAGE_FAILING);
            failuresAtLastCheck = failures;
            if (export != null) checkExport();
        } catch (RuntimeException e) {
            LOG.warn("Health check failed: {}", e.toString());
        }
    }

    private void checkExport() {
        Duration lag;
        try {
            lag = export.lag(clock.instant());
        } catch (RuntimeException cannotRead) {
            return; // storage failing is its own alarm
        }
        if (lag != null && lag.compareTo(exportLagAlarm) > 0) {
            alarms.raise(EXPORT_FAILING, Priority.LOW, "FHIR export is " + describe(lag) + " behind: " + export.lastError());
        } else {
            alarms.clear(EXPORT_FAILING);
        }
    }

    private static String describe(Duration lag) {
        return lag.toMinutes() > 0 ? lag.toMinutes() + " min" : lag.toSeconds() + " s";
    }

    @Override
    protected Scheduler scheduler() {
        return Scheduler.newFixedDelaySchedule(CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected String serviceName() {
        return "technical watch";
    }

}
