package org.vigil.alerting.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerting.Category;
import org.vigil.alerting.Priority;
import org.vigil.alerting.SessionPhase;
import org.vigil.model.DeviceEvent;
import org.vigil.model.VitalSign;

class ProfileLoaderTest {

    private static final Path KAP_ADULT = Path.of("..", "config", "alarm-profiles", "kap-adult.yaml");

    private static final String VALID = """
            name: test
            rules:
              - id: spo2-low
                vital: spo2
                comparison: "<"
                limit: 92
                delay: 15s
                priority: medium
            """;

    private static ProfileException loadingFails(String yaml) {
        try {
            ProfileLoader.parse(yaml, "test.yaml");
        } catch (ProfileException e) {
            return e;
        }
        throw new AssertionError("expected the profile to be rejected");
    }

    @Test
    void shipped_kap_adult_profile_has_every_rule_of_the_clinic_table() {
        AlarmProfile profile = ProfileLoader.load(KAP_ADULT);

        assertThat(profile.name()).isEqualTo("kap-adult");
        assertThat(profile.rules()).extracting(AlarmRule::id).contains(
                "spo2-low", "spo2-critical", "hr-low", "hr-high", "sbp-low", "hypertension", "pre-dose-bp",
                "rr-low", "rr-high", "bp-due", "data-stale", "signal-poor", "sensor-off",
                "news2-urgent", "news2-emergency");
        assertThat(profile.reminderInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(profile.cuffHoldMax()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shipped_kap_adult_rules_match_the_table_row_by_row() {
        AlarmProfile profile = ProfileLoader.load(KAP_ADULT);

        assertLimit(profile, "spo2-low", VitalSign.SPO2, "<", 92, Duration.ofSeconds(15), Priority.MEDIUM, false);
        assertLimit(profile, "spo2-critical", VitalSign.SPO2, "<", 88, Duration.ofSeconds(5), Priority.HIGH, true);
        assertLimit(profile, "hr-low", VitalSign.PULSE_RATE, "<=", 40, Duration.ofSeconds(10), Priority.HIGH, true);
        assertLimit(profile, "hr-high", VitalSign.PULSE_RATE, ">=", 131, Duration.ofSeconds(30), Priority.MEDIUM, false);
        assertLimit(profile, "sbp-low", VitalSign.BP_SYS, "<=", 90, Duration.ZERO, Priority.HIGH, true);
        assertLimit(profile, "rr-low", VitalSign.RESP_RATE, "<=", 8, Duration.ofSeconds(20), Priority.HIGH, true);
        assertLimit(profile, "rr-high", VitalSign.RESP_RATE, ">=", 25, Duration.ofSeconds(30), Priority.MEDIUM, false);

        LimitRule sbpLow = (LimitRule) profile.rule("sbp-low").orElseThrow();
        assertThat(sbpLow.confirm()).isTrue();
        LimitRule hypertension = (LimitRule) profile.rule("hypertension").orElseThrow();
        assertThat(hypertension.thresholds()).containsExactly(
                new Threshold(VitalSign.BP_SYS, Comparison.ABOVE, 180), new Threshold(VitalSign.BP_DIA, Comparison.ABOVE, 110));
        assertThat(hypertension.confirm()).isTrue();
        assertThat(hypertension.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(hypertension.latching()).isTrue();
        LimitRule gate = (LimitRule) profile.rule("pre-dose-bp").orElseThrow();
        assertThat(gate.thresholds()).containsExactly(
                new Threshold(VitalSign.BP_SYS, Comparison.ABOVE, 140), new Threshold(VitalSign.BP_DIA, Comparison.ABOVE, 90));
        assertThat(gate.preDoseOnly()).isTrue();
        assertThat(gate.priority()).isEqualTo(Priority.INFORMATIONAL);

        BpDueRule due = (BpDueRule) profile.rule("bp-due").orElseThrow();
        assertThat(due.priority()).isEqualTo(Priority.LOW);
        assertThat(due.offsets()).containsExactly(Duration.ofMinutes(40), Duration.ofMinutes(55), Duration.ofMinutes(70),
                Duration.ofMinutes(85), Duration.ofMinutes(100), Duration.ofMinutes(115));
        DataStaleRule stale = (DataStaleRule) profile.rule("data-stale").orElseThrow();
        assertThat(stale.continuousAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stale.bpIntervalFactor()).isEqualTo(1.5);
        assertThat(stale.priority()).isEqualTo(Priority.MEDIUM);
        for (String id : new String[] {"signal-poor", "sensor-off"}) {
            DeviceRule rule = (DeviceRule) profile.rule(id).orElseThrow();
            assertThat(rule.delay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(rule.priority()).isEqualTo(Priority.LOW);
            assertThat(rule.latching()).isFalse();
            assertThat(rule.category()).isEqualTo(Category.TECHNICAL);
        }
        assertThat(((DeviceRule) profile.rule("sensor-off").orElseThrow()).event()).isEqualTo(DeviceEvent.Kind.SENSOR_OFF);
        News2Rule urgent = (News2Rule) profile.rule("news2-urgent").orElseThrow();
        assertThat(urgent.trigger()).isEqualTo(News2Rule.Trigger.URGENT);
        assertThat(urgent.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(urgent.latching()).isTrue();
        News2Rule emergency = (News2Rule) profile.rule("news2-emergency").orElseThrow();
        assertThat(emergency.trigger()).isEqualTo(News2Rule.Trigger.EMERGENCY);
        assertThat(emergency.priority()).isEqualTo(Priority.HIGH);
        assertThat(emergency.latching()).isTrue();
    }

    private static void assertLimit(AlarmProfile profile, String id, VitalSign vital, String comparison, double limit,
                                    Duration delay, Priority priority, boolean latching) {
        LimitRule rule = (LimitRule) profile.rule(id).orElseThrow();
        assertThat(rule.thresholds()).as(id).containsExactly(new Threshold(vital, Comparison.ofSymbol(comparison), limit));
        assertThat(rule.delay()).as(id).isEqualTo(delay);
        assertThat(rule.priority()).as(id).isEqualTo(priority);
        assertThat(rule.latching()).as(id).isEqualTo(latching);
    }

    @Test
    void defaults_fill_what_a_profile_leaves_out() {
        AlarmProfile profile = ProfileLoader.parse(VALID, "test.yaml");

        assertThat(profile.audioPause()).isEqualTo(Duration.ofMinutes(2));
        assertThat(profile.escalateAfter()).containsEntry(Priority.HIGH, Duration.ofSeconds(60));
        LimitRule rule = (LimitRule) profile.rules().get(0);
        assertThat(rule.name()).isEqualTo("spo2-low");
        assertThat(rule.latching()).isFalse();
        assertThat(rule.hysteresis()).isZero();
    }

    @Test
    void unknown_key_is_rejected_with_its_line_and_path() {
        ProfileException error = loadingFails(VALID + "    dealy: 5s\n");

        assertThat(error.getMessage()).startsWith("test.yaml:9: rules[0].dealy: unknown key");
        assertThat(error.line()).isEqualTo(9);
        assertThat(error.key()).isEqualTo("rules[0].dealy");
    }

    @Test
    void the_session_section_sets_phases_doses_observation_and_phase_overrides() {
        AlarmProfile profile = ProfileLoader.parse(VALID + """
                session:
                  peak-from: 20m
                  recovery-from: 80m
                  doses-allowed: 2
                  minimum-observation: 150m
                  phases:
                    onset:
                      - { rule: spo2-low, delay: 30s }
                    recovery:
                      - { rule: spo2-low, limit: 93 }
                """, "test.yaml");

        SessionSettings session = profile.session();
        assertThat(session.peakFrom()).isEqualTo(Duration.ofMinutes(20));
        assertThat(session.recoveryFrom()).isEqualTo(Duration.ofMinutes(80));
        assertThat(session.dosesAllowed()).isEqualTo(2);
        assertThat(session.minimumObservation()).isEqualTo(Duration.ofMinutes(150));
        assertThat(session.overrides()).containsExactly(
                new PhaseOverride(SessionPhase.ONSET, "spo2-low", null, Duration.ofSeconds(30)),
                new PhaseOverride(SessionPhase.RECOVERY, "spo2-low", 93.0, null));
    }

    @Test
    void the_shipped_profile_has_the_rems_observation_time_and_one_dose() {
        AlarmProfile profile = ProfileLoader.load(KAP_ADULT);

        assertThat(profile.session().minimumObservation()).isEqualTo(Duration.ofHours(2));
        assertThat(profile.session().dosesAllowed()).isEqualTo(1);
    }

    @Test
    void a_session_override_with_an_unknown_key_names_its_line_and_path() {
        ProfileException error = loadingFails(VALID + """
                session:
                  phases:
                    onset:
                      - { rule: spo2-low, dealy: 30s }
                """);

        assertThat(error.getMessage()).startsWith("test.yaml:12: session.phases.onset[0].dealy: unknown key");
    }

    @Test
    void a_session_override_of_a_rule_the_profile_lacks_is_rejected() {
        ProfileException error = loadingFails(VALID + """
                session:
                  phases:
                    peak:
                      - { rule: hr-high, delay: 60s }
                """);

        assertThat(error.getMessage()).contains("hr-high: no such rule");
    }

    @Test
    void unknown_top_level_key_is_rejected() {
        ProfileException error = loadingFails("reminder: 2m\n" + VALID);

        assertThat(error.getMessage()).startsWith("test.yaml:1: reminder: unknown key");
    }

    @Test
    void bad_priority_names_the_allowed_ones() {
        ProfileException error = loadingFails(VALID.replace("priority: medium", "priority: urgent"));

        assertThat(error.getMessage()).isEqualTo(
                "test.yaml:8: rules[0].priority: 'urgent' is not one of informational, low, medium, high");
    }

    @Test
    void missing_limit_names_the_rule_and_the_key() {
        ProfileException error = loadingFails(VALID.replace("    limit: 92\n", ""));

        assertThat(error.getMessage()).isEqualTo("test.yaml:3: rules[0].limit: is missing");
    }

    @Test
    void duration_without_a_unit_is_rejected() {
        ProfileException error = loadingFails(VALID.replace("delay: 15s", "delay: 15"));

        assertThat(error.getMessage()).startsWith("test.yaml:7: rules[0].delay: '15' is not a duration");
    }

    @Test
    void bad_comparison_is_rejected() {
        ProfileException error = loadingFails(VALID.replace("\"<\"", "\"=<\""));

        assertThat(error.getMessage()).isEqualTo("test.yaml:5: rules[0].comparison: '=<' is not one of <, <=, >, >=");
    }

    @Test
    void second_rule_errors_carry_its_index() {
        ProfileException error = loadingFails(VALID + """
                  - id: hr-low
                    vital: heart
                    comparison: "<="
                    limit: 40
                    priority: high
                """);

        assertThat(error.getMessage()).startsWith("test.yaml:10: rules[1].vital: 'heart' is not one of spo2, pulse-rate");
    }

    @Test
    void rule_level_inconsistency_points_at_the_rule() {
        ProfileException error = loadingFails(VALID.replace("delay: 15s", "delay: 15s\n    integral: 50"));

        assertThat(error.getMessage()).isEqualTo("test.yaml:3: rules[0]: use either delay or integral, not both");
    }

    @Test
    void duplicate_rule_ids_are_rejected() {
        ProfileException error = loadingFails(VALID + VALID.substring(VALID.indexOf("  - id")));

        assertThat(error.getMessage()).startsWith("test.yaml:9: rules[1].id: duplicate rule id spo2-low");
    }

    @Test
    void device_rule_cannot_alarm_on_a_lifecycle_event_that_is_not_a_fault() {
        ProfileException error = loadingFails("""
                rules:
                  - id: connected
                    kind: device
                    event: connected
                    priority: low
                """);

        assertThat(error.getMessage()).isEqualTo("test.yaml:4: rules[0].event: CONNECTED is not an alarm condition");
    }

    @Test
    void broken_yaml_reports_its_line() {
        ProfileException error = loadingFails("rules:\n  - id: x\n   vital: [\n");

        assertThat(error.file()).isEqualTo("test.yaml");
        assertThat(error.getMessage()).contains("not valid YAML");
    }

    @Test
    void every_profile_in_the_folder_loads_by_name(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("test.yaml"), VALID);
        Files.copy(KAP_ADULT, folder.resolve("kap-adult.yaml"));

        Map<String, AlarmProfile> profiles = ProfileLoader.loadAll(folder);

        assertThat(profiles).containsOnlyKeys("test", "kap-adult");
    }
}
