package org.vigil.gateway.alarms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerting.Alarm;
import org.vigil.alerting.AlarmChange;
import org.vigil.alerting.AlarmEngine;
import org.vigil.alerting.AlarmListener;
import org.vigil.alerting.AlarmState;
import org.vigil.alerting.AudioState;
import org.vigil.alerting.BedAlarms;
import org.vigil.alerting.Priority;
import org.vigil.alerting.RuleChange;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.AlarmRule;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.gateway.beds.BedExecutors;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.Ward;
import org.vigil.gateway.logging.LogText;
import org.vigil.gateway.stream.EventStream;

/**
 * The alarm engine inside the gateway: each bed's alarms are evaluated on that bed's executor, in
 * order with its readings, whether or not anyone watches; the gateway's own technical alarms on
 * the {@link GatewayAlarms} thread. Every state change goes to the live stream, to MQTT and to the
 * alarm log, which keeps it until it is written.
 */
public final class AlarmService implements AlarmListener, AlarmDesk, TechnicalAlarms, AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

    static final String ALARM_LOG_FAILING = "alarm-log-failing";

    private final Ward ward;
    private final BedExecutors beds;
    private final EventStream stream;
    private final AlarmLog log;
    private final AlarmLogWriter writer;
    private final AlarmStatePublisher mqtt;
    private final BedLimits limits;
    private final Clock clock;
    private final AlarmEngine engine;
    private final GatewayAlarms gateway;
    private final Map<String, Map<String, Alarm>> current = new ConcurrentHashMap<>();
    private final Map<String, AudioState> audio = new ConcurrentHashMap<>();
    private final Map<String, News2View> news2 = new ConcurrentHashMap<>();
    private final List<Consumer<AlarmChange>> observers = new CopyOnWriteArrayList<>();

    /**
     * Sets up every bed's alarms from its profile and restores what the alarm log says was in
     * force when the gateway last stopped.
     */
    public AlarmService(Ward ward, Map<String, AlarmProfile> profiles, BedExecutors beds, EventStream stream,
                        AlarmPublisher mqtt, AlarmLog log, AlarmLogWriter writer, BedLimits limits, Clock clock) {
        this.ward = ward;
        this.beds = beds;
        this.stream = stream;
        this.log = log;
        this.writer = writer;
        this.mqtt = new AlarmStatePublisher(mqtt, clock);
        this.limits = limits;
        this.clock = clock;
        this.engine = new AlarmEngine(this);
        this.gateway = new GatewayAlarms(engine);
        writer.reportTo(new AlarmLogWriter.Health() {
            @Override
            public void failing(RuntimeException cause) {
                raise(ALARM_LOG_FAILING, Priority.HIGH, "The alarm log cannot be written: " + cause.getMessage());
            }

            @Override
            public void writing() {
                clear(ALARM_LOG_FAILING);
            }
        });
        for (BedState bed : ward.beds()) current.put(bed.id(), new ConcurrentHashMap<>());
        current.put(AlarmEngine.GATEWAY, new ConcurrentHashMap<>());
        new AlarmRestore(engine, log, limits, clock).restore(ward, profiles);
    }

    AlarmEngine engine() {
        return engine;
    }

    /** The thread of the gateway's own alarms, which {@link AlarmEvaluation} ticks too. */
    GatewayAlarms gatewayAlarms() {
        return gateway;
    }

    /** The component that owns the gateway's own alarm thread: started before intake, stopped after it. */
    public com.google.common.util.concurrent.Service ownAlarms() {
        return gateway;
    }

    BedAlarms bedAlarms(BedState bed) {
        return engine.bed(bed.id()).orElseThrow();
    }

    void news2Evaluated(String bedId, News2View view) {
        news2.put(bedId, view);
    }

    // ---- the gateway's own conditions ----------------------------------------------------------

    @Override
    public void raise(String code, Priority priority, String detail) {
        gateway.run(() -> engine.raiseTechnical(null, code, priority, detail, clock.instant()));
    }

    @Override
    public void clear(String code) {
        gateway.run(() -> engine.clearTechnical(null, code, clock.instant()));
    }

    // ---- what people do ------------------------------------------------------------------------

    @Override
    public CompletableFuture<Optional<AlarmView>> acknowledge(String alarmId, String user) {
        String bedId = alarmId.contains("/") ? alarmId.substring(0, alarmId.indexOf('/')) : "";
        if (bedId.equals(AlarmEngine.GATEWAY)) {
            return gateway.call(() -> engine.bed(AlarmEngine.GATEWAY).orElseThrow()
                    .acknowledge(alarmId, user, clock.instant()).map(AlarmView::of));
        }
        Optional<BedState> bed = ward.bed(bedId);
        if (bed.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
        return beds.call(bed.get(), () -> bedAlarms(bed.get()).acknowledge(alarmId, user, clock.instant())
                .map(AlarmView::of));
    }

    @Override
    public CompletableFuture<AudioState> pauseAudio(BedState bed, String user) {
        return beds.call(bed, () -> bedAlarms(bed).pauseAudio(user, clock.instant()));
    }

    @Override
    public <T> CompletableFuture<T> onBedAlarms(BedState bed, Function<BedAlarms, T> action) {
        return beds.call(bed, () -> action.apply(bedAlarms(bed)));
    }

    @Override
    public List<AlarmView> alarmsOf(String bedId) {
        Map<String, Alarm> alarms = current.get(bedId);
        if (alarms == null) return List.of();
        return alarms.values().stream()
                .sorted(Comparator.comparing(Alarm::priority).reversed().thenComparing(Alarm::raisedAt))
                .map(AlarmView::of)
                .toList();
    }

    @Override
    public List<AlarmView> activeAlarms() {
        List<AlarmView> all = new ArrayList<>();
        current.keySet().stream().sorted().forEach(bedId -> all.addAll(alarmsOf(bedId)));
        return all;
    }

    @Override
    public CompletableFuture<List<RuleChange>> changeLimits(BedState bed, Map<String, Double> wanted, String user) {
        return onBedAlarms(bed, alarms -> {
            List<AlarmRule> proposed = new ArrayList<>(alarms.profile().rules().stream().map(r -> alarms.rule(r.id())).toList());
            List<LimitRule> replacements = new ArrayList<>();
            for (Map.Entry<String, Double> change : wanted.entrySet()) {
                int at = indexOf(proposed, change.getKey());
                if (at < 0 || !(proposed.get(at) instanceof LimitRule rule)) {
                    throw new IllegalArgumentException("no limit rule '" + change.getKey() + "' on bed " + bed.id());
                }
                if (!Double.isFinite(change.getValue())) {
                    throw new IllegalArgumentException(change.getKey() + ": the limit must be a finite number");
                }
                LimitRule replacement = rule.withLimit(change.getValue());
                proposed.set(at, replacement);
                replacements.add(replacement);
            }
            List<String> problems = LimitCheck.problems(proposed, wanted.keySet());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("nothing changed: " + String.join("; ", problems));
            }
            List<RuleChange> applied = new ArrayList<>();
            try {
                for (LimitRule replacement : replacements) applied.add(alarms.changeRule(replacement, user, clock.instant()));
            } catch (RuntimeException e) {
                for (int i = applied.size() - 1; i >= 0; i--) alarms.changeRule(applied.get(i).before(), user, clock.instant());
                throw e;
            } finally {
                limits.update(bed.id(), alarms.profile().rules().stream().map(r -> alarms.rule(r.id())).toList());
            }
            applied.forEach(this::recordRuleChange);
            return applied;
        });
    }

    private static int indexOf(List<AlarmRule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) return i;
        }
        return -1;
    }

    private void recordRuleChange(RuleChange change) {
        LOG.info("Limit changed on {} by {}: {} from {}", change.bedId(), change.user(), change.ruleId(), change.at());
        try {
            log.recordRuleChange(change);
        } catch (RuntimeException e) {
            LOG.error("Audit log write failed for a limit change on {}", change.bedId(), e);
            raise(ALARM_LOG_FAILING, Priority.HIGH, "The audit log cannot be written: " + e.getMessage());
        }
    }

    @Override
    public void audit(String user, String action, String bedId, String details) {
        try {
            log.audit(user, action, bedId, details);
        } catch (RuntimeException e) {
            LOG.error("Audit log write failed for {} on {}", action, bedId, e);
            raise(ALARM_LOG_FAILING, Priority.HIGH, "The audit log cannot be written: " + e.getMessage());
        }
    }

    /** Called with every alarm state change, after the log and the stream; an observer that throws is logged. */
    public void observe(Consumer<AlarmChange> observer) {
        observers.add(observer);
    }

    @Override
    public News2View news2(String bedId) {
        return news2.get(bedId);
    }

    @Override
    public AudioState audio(String bedId) {
        AudioState state = audio.getOrDefault(bedId, AudioState.NOT_PAUSED);
        if (state.paused() && state.until() != null) {
            Duration remaining = Duration.between(clock.instant(), state.until());
            return remaining.isNegative() ? AudioState.NOT_PAUSED
                    : new AudioState(true, state.until(), remaining, state.pausedBy());
        }
        return state;
    }

    // ---- what the engine reports ---------------------------------------------------------------

    /** A phase override of the profile began or ended: the limits shown follow, and the audit log has it. */
    @Override
    public void ruleChanged(RuleChange change, List<AlarmRule> rulesInForce) {
        limits.update(change.bedId(), rulesInForce);
        recordRuleChange(change);
    }

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
        LOG.info("Alarm {} {} on {}: {} ({}, {})", change.transition(), alarm.ruleId(), alarm.bedId(), LogText.escape(alarm.message()),
                alarm.priority(), alarm.category());
        writer.write(view);
        stream.publish("alarm", view);
        mqtt.changed(alarm.bedId(), change, view, alarmsOf(alarm.bedId()));
        for (var observer : observers) {
            try {
                observer.accept(change);
            } catch (RuntimeException e) {
                LOG.error("Alarm observer failed on {}", alarm.id(), e);
            }
        }
    }

    @Override
    public void audioChanged(String bedId, AudioState state) {
        audio.put(bedId, state);
        stream.publish("audio", Map.of("bed", bedId, "paused", state.paused(),
                "until", state.until() == null ? "" : state.until().toString(),
                "remainingMillis", state.remaining().toMillis(),
                "pausedBy", state.pausedBy() == null ? "" : state.pausedBy()));
    }
}
