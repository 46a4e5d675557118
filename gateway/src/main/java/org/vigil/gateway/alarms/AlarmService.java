package org.vigil.gateway.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.AlarmListener;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.AudioState;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.BedSettings;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.alerting.RuleChange;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.gateway.Json;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.stream.StreamHub;
import org.vigil.model.DeviceEvent;
import org.vigil.model.Reading;

/**
 * Runs the alarm engine inside the gateway: each bed's alarms are evaluated on that bed's executor,
 * in order with its readings, whether or not anyone watches. Every state change goes to the live
 * stream, to MQTT ({@code vigil/alarms/{bed}}, the current state retained) and to the alarm log.
 */
public final class AlarmService implements ReadingPipeline.Stage, AlarmListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

    /** How often delays, reminders, escalation and pause expiry are evaluated. */
    static final Duration TICK = Duration.ofMillis(250);
    /** Monitored beds with no dashboard connected for this long raise a technical alarm. */
    static final Duration NO_DASHBOARD_AFTER = Duration.ofSeconds(30);
    static final String NO_DASHBOARD = "no-dashboard";
    static final String ALARM_LOG_FAILING = "alarm-log-failing";

    /** Publishes MQTT messages for pagers and nurse-call bridges. */
    @FunctionalInterface
    public interface AlarmPublisher {
        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);
    }

    private final Ward ward;
    private final ReadingPipeline pipeline;
    private final StreamHub hub;
    private final AlarmPublisher mqtt;
    private final AlarmLog log;
    private final IntSupplier dashboards;
    private final BedLimits limits;
    private final AlarmEngine engine;
    private final Map<String, Map<String, Alarm>> current = new ConcurrentHashMap<>();
    private final Map<String, AudioState> audio = new ConcurrentHashMap<>();
    private final Map<String, News2View> news2 = new ConcurrentHashMap<>();
    private final Map<String, Instant> scheduledDelayEnds = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<AlarmChange>> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService outputs = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "vigil-alarm-outputs");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService gatewayThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigil-alarms");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant dashboardsGoneSince;

    public AlarmService(Ward ward, Map<String, AlarmProfile> profiles, ReadingPipeline pipeline, StreamHub hub,
                        AlarmPublisher mqtt, AlarmLog log, BedLimits limits, IntSupplier dashboards) {
        this.ward = ward;
        this.limits = limits;
        this.pipeline = pipeline;
        this.hub = hub;
        this.mqtt = mqtt;
        this.log = log;
        this.dashboards = dashboards;
        this.engine = new AlarmEngine(this);
        Instant now = Instant.now();
        List<AlarmView> unended = log.unended();
        java.util.Set<String> restored = new java.util.HashSet<>();
        for (BedState bed : ward.beds()) {
            AlarmProfile profile = profiles.get(bed.config().alarmProfile());
            BedAlarms alarms = engine.addBed(bed.id(), profile, new BedSettings(bed.config().cuffSameLimbAsSpo2()));
            for (DeviceConfig device : bed.config().devices()) {
                engine.assignDevice(device.id(), bed.id());
            }
            current.put(bed.id(), new ConcurrentHashMap<>());
            limits.update(bed.id(), profile.rules());
            List<Alarm> persisted = unended.stream().filter(a -> a.bed().equals(bed.id())).map(AlarmService::alarmOf).toList();
            if (!persisted.isEmpty()) {
                alarms.restore(persisted, now).forEach(alarm -> restored.add(alarm.id()));
            }
        }
        current.put(AlarmEngine.GATEWAY, new ConcurrentHashMap<>());
        unended.stream().filter(alarm -> !restored.contains(alarm.id())).forEach(alarm -> endInLog(alarm, now));
    }

    /**
     * An alarm open when the gateway stopped that is not restored (it does not latch, or its bed or
     * rule is gone) ended with the old gateway; if its condition is still present, live data raises
     * it again as a new alarm. Logging the end keeps the log from showing it open for ever.
     */
    private void endInLog(AlarmView alarm, Instant now) {
        try {
            log.record(new AlarmView(alarm.id(), alarm.bed(), alarm.rule(), alarm.category(), alarm.priority(),
                    AlarmState.ENDED.name(), alarm.value(), alarm.limit(), alarm.message() + " (ended by a gateway restart)",
                    alarm.raisedAt(), now, alarm.acknowledgedBy(), alarm.escalated(), false,
                    AlarmChange.Transition.ENDED.name(), null));
        } catch (RuntimeException e) {
            LOG.error("Alarm log write failed while closing {} at start-up", alarm.id(), e);
        }
    }

    public void start() {
        gatewayThread.scheduleAtFixedRate(this::tickAll, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickAll() {
        Instant now = Instant.now();
        for (BedState bed : ward.beds()) {
            pipeline.onBed(bed, () -> {
                BedAlarms alarms = bedAlarms(bed);
                alarms.tick(now);
                news2.put(bed.id(), News2View.of(alarms.news2(now)));
            });
        }
        watchDashboards(now);
        engine.bed(AlarmEngine.GATEWAY).ifPresent(gateway -> gateway.tick(now));
    }

    /** IEC 60601-1-8 distributed alarm systems: losing the display is itself an alarm condition. */
    private void watchDashboards(Instant now) {
        boolean monitoring = ward.beds().stream().anyMatch(BedState::isMonitored);
        if (dashboards.getAsInt() > 0 || !monitoring) {
            if (dashboardsGoneSince != null) {
                dashboardsGoneSince = null;
                engine.clearTechnical(null, NO_DASHBOARD, now);
            }
            return;
        }
        if (dashboardsGoneSince == null) {
            dashboardsGoneSince = now;
        } else if (Duration.between(dashboardsGoneSince, now).compareTo(NO_DASHBOARD_AFTER) >= 0) {
            engine.raiseTechnical(null, NO_DASHBOARD, Priority.MEDIUM,
                    "No dashboard has been connected for " + NO_DASHBOARD_AFTER.toSeconds() + " s while beds are monitored", now);
        }
    }

    /** A gateway-level technical condition (storage or export failing), raised on the gateway's own alarm bed. */
    public void raiseTechnical(String code, Priority priority, String detail) {
        gatewayThread.execute(() -> engine.raiseTechnical(null, code, priority, detail, Instant.now()));
    }

    public void clearTechnical(String code) {
        gatewayThread.execute(() -> engine.clearTechnical(null, code, Instant.now()));
    }

    @Override
    public void reading(BedState bed, Reading reading) {
        BedAlarms alarms = bedAlarms(bed);
        alarms.onReading(reading);
        tickWhenADelayEnds(bed, alarms);
    }

    /**
     * The periodic tick alone would raise an alarm up to one tick after its delay ends; a pending
     * condition gets a tick of its own at the end of its delay (IEC 60601-1-8 alarm condition delay).
     */
    private void tickWhenADelayEnds(BedState bed, BedAlarms alarms) {
        Instant end = alarms.nextDelayEnd();
        if (end == null || end.equals(scheduledDelayEnds.get(bed.id()))) return;
        scheduledDelayEnds.put(bed.id(), end);
        long wait = Math.max(0, end.toEpochMilli() - System.currentTimeMillis());
        gatewayThread.schedule(() -> pipeline.onBed(bed, () -> alarms.tick(Instant.now())), wait, TimeUnit.MILLISECONDS);
    }

    @Override
    public void event(BedState bed, DeviceEvent event) {
        bedAlarms(bed).onDeviceEvent(event);
    }

    private BedAlarms bedAlarms(BedState bed) {
        return engine.bed(bed.id()).orElseThrow();
    }

    // ---- what people do ------------------------------------------------------------------------

    public CompletableFuture<Optional<AlarmView>> acknowledge(String alarmId, String user) {
        String bedId = alarmId.contains("/") ? alarmId.substring(0, alarmId.indexOf('/')) : "";
        if (bedId.equals(AlarmEngine.GATEWAY)) {
            return CompletableFuture.supplyAsync(() -> engine.bed(AlarmEngine.GATEWAY).orElseThrow()
                    .acknowledge(alarmId, user, Instant.now()).map(AlarmView::of), gatewayThread);
        }
        Optional<BedState> bed = ward.bed(bedId);
        if (bed.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
        return pipeline.callOnBed(bed.get(), () -> bedAlarms(bed.get()).acknowledge(alarmId, user, Instant.now())
                .map(AlarmView::of));
    }

    public CompletableFuture<AudioState> pauseAudio(BedState bed, String user) {
        return pipeline.callOnBed(bed, () -> bedAlarms(bed).pauseAudio(user, Instant.now()));
    }

    /** Runs {@code action} on the bed's alarms, on the bed's executor. */
    public <T> CompletableFuture<T> onBedAlarms(BedState bed, java.util.function.Function<BedAlarms, T> action) {
        return pipeline.callOnBed(bed, () -> action.apply(bedAlarms(bed)));
    }

    /** Alarms that have not ended, highest priority first, of one bed. */
    public List<AlarmView> alarmsOf(String bedId) {
        Map<String, Alarm> alarms = current.get(bedId);
        if (alarms == null) return List.of();
        return alarms.values().stream()
                .sorted(Comparator.comparing(Alarm::priority).reversed().thenComparing(Alarm::raisedAt))
                .map(AlarmView::of)
                .toList();
    }

    /** Every alarm that has not ended, the gateway's own included. */
    public List<AlarmView> activeAlarms() {
        List<AlarmView> all = new ArrayList<>();
        current.keySet().stream().sorted().forEach(bedId -> all.addAll(alarmsOf(bedId)));
        return all;
    }

    /**
     * Changes limits of one bed's limit rules, all or none, and audits each change with its author.
     *
     * @throws IllegalArgumentException (in the future) when a rule is unknown or the change is refused
     */
    public CompletableFuture<List<RuleChange>> changeLimits(BedState bed, Map<String, Double> wanted, String user) {
        return onBedAlarms(bed, alarms -> {
            for (String rule : wanted.keySet()) {
                if (!(alarms.rule(rule) instanceof LimitRule)) {
                    throw new IllegalArgumentException("no limit rule '" + rule + "' on bed " + bed.id());
                }
            }
            List<RuleChange> applied = new ArrayList<>();
            wanted.forEach((rule, limit) -> applied.add(alarms.changeLimit(rule, limit, user, Instant.now())));
            limits.update(bed.id(), alarms.profile().rules().stream().map(r -> alarms.rule(r.id())).toList());
            applied.forEach(this::recordRuleChange);
            return applied;
        });
    }

    private void recordRuleChange(RuleChange change) {
        LOG.info("Limit changed on {} by {}: {}", change.bedId(), change.user(), change.ruleId());
        try {
            log.recordRuleChange(change);
        } catch (RuntimeException e) {
            LOG.error("Audit log write failed for a limit change on {}", change.bedId(), e);
            raiseTechnical(ALARM_LOG_FAILING, Priority.HIGH, "The audit log cannot be written: " + e.getMessage());
        }
    }

    /** Writes an audited action; a failure is a technical alarm, never silent. */
    public void audit(String user, String action, String bedId, String details) {
        try {
            log.audit(user, action, bedId, details);
        } catch (RuntimeException e) {
            LOG.error("Audit log write failed for {} on {}", action, bedId, e);
            raiseTechnical(ALARM_LOG_FAILING, Priority.HIGH, "The audit log cannot be written: " + e.getMessage());
        }
    }

    /** Called with every alarm state change, after the log and the stream. */
    public void observe(java.util.function.Consumer<AlarmChange> observer) {
        observers.add(observer);
    }

    public News2View news2(String bedId) {
        return news2.get(bedId);
    }

    public AudioState audio(String bedId) {
        AudioState state = audio.getOrDefault(bedId, AudioState.NOT_PAUSED);
        if (state.paused() && state.until() != null) {
            Duration remaining = Duration.between(Instant.now(), state.until());
            return remaining.isNegative() ? AudioState.NOT_PAUSED
                    : new AudioState(true, state.until(), remaining, state.pausedBy());
        }
        return state;
    }

    // ---- what the engine reports ---------------------------------------------------------------

    @Override
    public void alarmChanged(AlarmChange change) {
        Alarm alarm = change.alarm();
        Map<String, Alarm> ofBed = current.computeIfAbsent(alarm.bedId(), id -> new ConcurrentHashMap<>());
        if (alarm.state() == AlarmState.ENDED) {
            ofBed.remove(alarm.id());
        } else {
            ofBed.put(alarm.id(), alarm);
        }
        AlarmView view = AlarmView.of(change);
        LOG.info("Alarm {} {} on {}: {} ({}, {})", change.transition(), alarm.ruleId(), alarm.bedId(), alarm.message(),
                alarm.priority(), alarm.category());
        hub.publish("alarm", view);
        // MQTT and the database may block: they run on their own thread, in order, off the bed's.
        outputs.execute(() -> {
            publishMqtt(alarm.bedId(), change, view);
            record(view);
        });
        for (var observer : observers) {
            try {
                observer.accept(change);
            } catch (RuntimeException e) {
                LOG.error("Alarm observer failed on {}", alarm.id(), e);
            }
        }
    }

    private void record(AlarmView view) {
        boolean aboutTheLog = view.rule().equals(ALARM_LOG_FAILING);
        try {
            log.record(view);
            if (!aboutTheLog) clearTechnical(ALARM_LOG_FAILING);
        } catch (RuntimeException e) {
            LOG.error("Alarm log write failed for {}", view.id(), e);
            if (!aboutTheLog) {
                raiseTechnical(ALARM_LOG_FAILING, Priority.HIGH, "The alarm log cannot be written: " + e.getMessage());
            }
        }
    }

    @Override
    public void audioChanged(String bedId, AudioState state) {
        audio.put(bedId, state);
        hub.publish("audio", Map.of("bed", bedId, "paused", state.paused(),
                "until", state.until() == null ? "" : state.until().toString(),
                "pausedBy", state.pausedBy() == null ? "" : state.pausedBy()));
    }

    private void publishMqtt(String bedId, AlarmChange change, AlarmView view) {
        try {
            byte[] state = Json.MAPPER.writeValueAsBytes(Map.of("bed", bedId, "time", Instant.now(), "alarms", alarmsOf(bedId)));
            mqtt.publish("vigil/alarms/" + bedId, state, 1, true)
                    .exceptionally(e -> {
                        LOG.warn("Alarm state for {} not published to MQTT: {}", bedId, e.toString());
                        return null;
                    });
            if (change.transition() == AlarmChange.Transition.ESCALATED) {
                mqtt.publish("vigil/alarms/" + bedId + "/escalations", Json.MAPPER.writeValueAsBytes(view), 1, false)
                        .exceptionally(e -> {
                            LOG.error("Escalation of {} not published to MQTT: {}", view.id(), e.toString());
                            return null;
                        });
            }
        } catch (JsonProcessingException e) {
            LOG.error("Cannot encode alarm state of {}", bedId, e);
        }
    }

    static Alarm alarmOf(AlarmView view) {
        return new Alarm(view.id(), view.bed(), view.rule(), Category.valueOf(view.category()),
                Priority.valueOf(view.priority()), AlarmState.valueOf(view.state()),
                view.value() == null ? Double.NaN : view.value(), view.limit() == null ? Double.NaN : view.limit(),
                view.message(), view.raisedAt(), view.changedAt(), view.acknowledgedBy(), view.escalated(),
                view.audible());
    }

    @Override
    public void close() {
        gatewayThread.shutdownNow();
        outputs.shutdown();
        try {
            if (!outputs.awaitTermination(5, TimeUnit.SECONDS)) LOG.error("Alarm log writes still pending at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
