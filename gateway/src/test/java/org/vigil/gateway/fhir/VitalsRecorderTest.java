package org.vigil.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.storage.ObservationQuery;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OutboxEntry;
import org.vigil.gateway.storage.TestDatabase;
import org.vigil.gateway.storage.TestRepositories;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class VitalsRecorderTest {

    /** The recorder writes within one flush period (1 s) of receiving; allow generous slack. */
    private static final Duration WRITTEN = Duration.ofSeconds(10);
    private static final Instant MINUTE = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path directory;

    private TestDatabase database;
    private TestRepositories storage;
    private VitalsRecorder recorder;
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRecorder() {
        database = TestDatabase.in(directory);
        storage = TestRepositories.over(database.open(), Clock.systemUTC());
        recorder = new VitalsRecorder(storage.samples(), storage.resources(), storage.occupancies(), new ChartingPolicy(), (bed, vital) -> VitalLimits.of(90, 100),
                Clock.systemUTC(), org.vigil.gateway.config.StorageConfig.DEFAULT_RECORDER_QUEUE, failures::add);
        recorder.start();
    }

    @AfterEach
    void stop() throws Exception {
        recorder.close();
        storage.database().close();
        database.close();
    }

    @Test
    void a_minute_of_readings_is_stored_in_full_and_charted_as_one_observation_for_a_placeholder_patient() {
        for (int second = 0; second <= 60; second++) recorder.submit("bed-1", spo2(second == 30 ? 88 : 97, MINUTE.plusSeconds(second)));

        await("one minute of SpO2 charted").atMost(WRITTEN).until(() -> recorder.health().observationsStored() == 1);
        assertThat(storage.samples().samples("bed-1", VitalSign.SPO2, MINUTE, MINUTE.plusSeconds(61))).hasSize(61);
        Occupancy occupancy = storage.occupancies().current("bed-1").orElseThrow();
        Observation charted = observationsOf(occupancy).get(0);
        assertThat(charted.getValueQuantity().getValue().doubleValue()).isEqualTo(97);
        assertThat(charted.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::resourceType).containsExactly("Device", "Patient", "Observation");
        assertThat(recorder.health().isHealthy()).isTrue();
    }

    @Test
    void a_ward_charted_in_one_flush_is_told_to_the_listener_bed_by_bed_once_each_observation_is_stored() {
        int beds = 40;
        List<String> toldAndStored = new CopyOnWriteArrayList<>();
        VitalsRecorder ward = new VitalsRecorder(storage.samples(), storage.resources(), storage.occupancies(), new ChartingPolicy(),
                (bed, vital) -> VitalLimits.of(90, 100), Clock.systemUTC(), 10_000, failures::add);
        ward.addListener(new ChartingListener() {
            @Override
            public void charted(String bedId, Occupancy occupancy, Chartable chartable, java.util.Map<VitalSign, VitalLimits> limits) {
                if (!observationsOf(occupancy).isEmpty()) toldAndStored.add(bedId);
            }

            @Override
            public void intervalsClosed(Instant now) {
            }
        });
        recorder.close();
        recorder = ward;
        ward.start();

        for (int second = 0; second < 60; second++) {
            for (int bed = 1; bed <= beds; bed++) ward.submit("bed-" + bed, spo2("ox-" + bed, 97, MINUTE.plusSeconds(second)));
        }

        await("the minute of every bed charted").atMost(WRITTEN).until(() -> ward.health().observationsStored() == beds);
        await("every charted observation told").atMost(WRITTEN).until(() -> toldAndStored.size() == beds);
        assertThat(toldAndStored).doesNotHaveDuplicates();
        assertThat(storage.outbox().pending(1000)).extracting(OutboxEntry::resourceType)
                .filteredOn("Observation"::equals).hasSize(beds);
        assertThat(storage.outbox().pending(1000)).extracting(OutboxEntry::resourceType)
                .filteredOn(type -> !type.equals("Observation")).hasSize(2 * beds);
        assertThat(ward.health().isHealthy()).isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void a_ward_charted_at_once_is_stored_over_several_slices_and_its_intervals_told_closed_only_after_the_last() {
        int beds = 3 * VitalsRecorder.CHARTING_SLICE + 7;
        List<String> told = new CopyOnWriteArrayList<>();
        VitalsRecorder ward = new VitalsRecorder(storage.samples(), storage.resources(), storage.occupancies(), new ChartingPolicy(),
                (bed, vital) -> VitalLimits.of(90, 100), Clock.systemUTC(), 10_000, failures::add);
        ward.addListener(new ChartingListener() {
            @Override
            public void charted(String bedId, Occupancy occupancy, Chartable chartable, java.util.Map<VitalSign, VitalLimits> limits) {
                told.add(bedId);
            }

            @Override
            public void intervalsClosed(Instant now) {
                told.add("closed with " + told.size() + " charted");
            }
        });
        recorder.close();
        recorder = ward;
        ward.start();

        // the minute 09:00 of every bed, whose readings are long past: the next flush closes all of them at once
        for (int bed = 1; bed <= beds; bed++) ward.submit("bed-" + bed, spo2("ox-" + bed, 97, MINUTE.plusSeconds(bed % 60)));

        await("the minute of every bed charted").atMost(WRITTEN.multipliedBy(3)).until(() -> ward.health().observationsStored() == beds);
        await("the intervals told closed").atMost(WRITTEN).until(() -> told.stream().anyMatch(entry -> entry.startsWith("closed")));
        assertThat(told).filteredOn(entry -> entry.startsWith("closed")).first().isEqualTo("closed with " + beds + " charted");
        assertThat(told.subList(0, beds)).doesNotHaveDuplicates().allMatch(entry -> entry.startsWith("bed-"));
        assertThat(failures).isEmpty();
    }

    @Test
    void the_reading_that_triggered_an_alarm_is_charted_with_the_limits_it_crossed() {
        recorder.alarmTriggered("bed-1", spo2(84, MINUTE.plusSeconds(5)), new VitalLimits(85.0, 90.0, 100.0, null));

        await("alarm reading charted").atMost(WRITTEN).until(() -> recorder.health().observationsStored() == 1);
        Observation charted = observationsOf(storage.occupancies().current("bed-1").orElseThrow()).get(0);
        assertThat(charted.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("LL");
    }

    @Test
    void admitting_a_patient_names_the_occupancy_patient_that_earlier_observations_refer_to() throws Exception {
        recorder.alarmTriggered("bed-1", spo2(84, MINUTE), VitalLimits.of(90, 100));
        await("alarm reading charted").atMost(WRITTEN).until(() -> recorder.health().observationsStored() == 1);

        Occupancy admitted = recorder.admit("bed-1", new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", LocalDate.of(1984, 5, 17)))
                .get();

        Observation earlier = observationsOf(admitted).get(0);
        Patient patient = FhirContextHolder.r4().newJsonParser().parseResource(Patient.class, storage.resources().patient(admitted.id()).orElseThrow());
        assertThat(earlier.getSubject().getReference()).isEqualTo("Patient/" + patient.getIdElement().getIdPart());
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Okafor");
    }

    @Test
    void a_device_that_reports_its_identity_is_stored_with_it() {
        recorder.deviceIdentified("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1"));

        await("device stored").atMost(WRITTEN).until(() -> storage.resources().device("dev-ox-1").isPresent());
        assertThat(storage.resources().device("dev-ox-1").orElseThrow()).contains("SN-1");
    }

    @Test
    void samples_held_while_the_recorder_is_behind_are_all_stored_by_the_time_it_has_closed() throws Exception {
        VitalsRecorder small = new VitalsRecorder(storage.samples(), storage.resources(), storage.occupancies(), new ChartingPolicy(),
                (bed, vital) -> VitalLimits.of(90, 100), Clock.systemUTC(), 100, failures::add);
        small.start();
        try (Connection holder = database.connect()) {
            pauseSampleWrites(holder, true);
            small.submit("bed-2", spo2(97, MINUTE));
            await("the first write waiting for storage").atMost(WRITTEN).until(() -> small.backlog() == 0);
            // a backlog of 50 is behind for a queue of 100: these are held, not written one batch at a time
            for (int second = 1; second <= 50; second++) small.submit("bed-2", spo2(97, MINUTE.plusSeconds(second)));
            pauseSampleWrites(holder, false);
        }
        small.close();

        assertThat(storage.samples().samples("bed-2", VitalSign.SPO2, MINUTE, MINUTE.plusSeconds(60))).hasSize(51);
        assertThat(small.health().isHealthy()).isTrue();
    }

    /**
     * Makes every sample write wait, or lets them go: PostgreSQL by a table lock held in an open
     * transaction, H2 by its exclusive mode (H2 SQL grammar, SET EXCLUSIVE).
     */
    private static void pauseSampleWrites(Connection connection, boolean paused) throws Exception {
        if (TestDatabase.isPostgres()) {
            if (paused) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LOCK TABLE sample_blocks IN ACCESS EXCLUSIVE MODE");
                }
            } else {
                connection.rollback();
            }
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET EXCLUSIVE " + (paused ? 1 : 0));
        }
    }

    @Test
    void samples_whose_write_failed_are_stored_once_storage_is_back() throws Exception {
        withSampleBlocksAway(true);
        for (int second = 0; second < 10; second++) recorder.submit("bed-1", spo2(97, MINUTE.plusSeconds(second)));
        await("a failed sample write").atMost(WRITTEN).until(() -> recorder.health().failedWrites() > 0);
        for (int second = 10; second < 20; second++) recorder.submit("bed-1", spo2(96, MINUTE.plusSeconds(second)));

        withSampleBlocksAway(false);

        await("every sample stored").atMost(WRITTEN).until(() ->
                storage.samples().samples("bed-1", VitalSign.SPO2, MINUTE, MINUTE.plusSeconds(60)).size() == 20);
        assertThat(storage.samples().samples("bed-1", VitalSign.SPO2, MINUTE, MINUTE.plusSeconds(60)))
                .extracting(sample -> sample.time()).isSorted().doesNotHaveDuplicates();
        assertThat(recorder.health().lostSamples()).isZero();
        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure).hasMessageContaining("cannot write samples"));
    }

    @Test
    void samples_beyond_what_the_recorder_may_keep_for_another_try_are_counted_as_lost_and_reported() throws Exception {
        VitalsRecorder small = new VitalsRecorder(storage.samples(), storage.resources(), storage.occupancies(), new ChartingPolicy(),
                (bed, vital) -> VitalLimits.of(90, 100), Clock.systemUTC(), 5, failures::add);
        small.start();
        withSampleBlocksAway(true);
        int submitted = 0;
        while (small.health().lostSamples() == 0) {
            if (small.submit("bed-3", spo2(97, MINUTE.plusMillis(100L * submitted)))) submitted++;
            await("the recorder takes the reading").atMost(WRITTEN).until(() -> small.backlog() == 0);
        }
        withSampleBlocksAway(false);
        small.close();

        int stored = storage.samples().samples("bed-3", VitalSign.SPO2, MINUTE, MINUTE.plusSeconds(60)).size();
        assertThat(stored + small.health().lostSamples()).as("every sample taken is stored or counted lost").isEqualTo(submitted);
        assertThat(small.health().isHealthy()).isFalse();
        assertThat(failures).anySatisfy(failure -> assertThat(failure).hasMessageContaining("samples not stored"));
    }

    /** Sample writes fail while the table has another name, and succeed again once it is back. */
    private void withSampleBlocksAway(boolean away) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(away ? "ALTER TABLE sample_blocks RENAME TO sample_blocks_away" : "ALTER TABLE sample_blocks_away RENAME TO sample_blocks");
            if (!connection.getAutoCommit()) connection.commit();
        }
    }

    @Test
    void a_failed_write_is_reported_to_the_failure_listener_not_lost_silently() throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE sample_blocks");
        }

        recorder.submit("bed-1", spo2(97, MINUTE));

        await("write failure reported").atMost(WRITTEN).until(() -> !failures.isEmpty());
        assertThat(failures.get(0)).hasMessageContaining("cannot write samples");
        assertThat(recorder.health().isHealthy()).isFalse();
        assertThat(storage.database().health().totalFailures()).isPositive();
        assertThat(storage.database().health().lastFailure()).contains("cannot write samples");
    }

    private List<Observation> observationsOf(Occupancy occupancy) {
        List<String> json = storage.resources().searchObservations(new ObservationQuery(occupancy.patientReference(), null, null, null, null, 0, 100)).items();
        return json.stream().map(j -> FhirContextHolder.r4().newJsonParser().parseResource(Observation.class, j)).toList();
    }

    private static Reading spo2(double value, Instant time) {
        return spo2("ox-1", value, time);
    }

    private static Reading spo2(String device, double value, Instant time) {
        return new Reading(device, VitalSign.SPO2, value, "%", time, time, Quality.VALID);
    }

}
