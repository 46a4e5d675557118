package org.vigil.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.fhir.Admission;
import org.vigil.gateway.fhir.FhirContextHolder;
import org.vigil.gateway.fhir.ObservationFactory;
import org.vigil.gateway.fhir.PatientFactory;
import org.vigil.gateway.fhir.VitalLimits;
import org.vigil.gateway.storage.Occupancy;
import org.vigil.gateway.storage.OutboxEntry;
import org.vigil.gateway.storage.TestDatabase;
import org.vigil.gateway.storage.TestRepositories;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

class FhirExporterTest {

    /** Bound for a transfer with test timings: poll 50 ms, backoff 50 ms to 400 ms. */
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path directory;

    private final ObservationFactory observations = new ObservationFactory();
    private final PatientFactory patients = new PatientFactory();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestDatabase database;
    private InMemoryFhirServer server;
    private TestRepositories storage;
    private Occupancy occupancy;
    private int recorded;

    @BeforeEach
    void startServerAndStorage() throws Exception {
        server = new InMemoryFhirServer().start();
        database = TestDatabase.in(directory);
        storage = TestRepositories.over(database.open(), Clock.systemUTC());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
        storage.database().close();
        server.close();
        database.close();
    }

    @Test
    void every_resource_arrives_once_in_order_as_conditional_creates_with_the_auth_header() {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(120);

        FhirExporter exporter = startExporter(storage);

        await("120 observations exported").atMost(DELIVERY).until(() -> server.resources("Observation").size() == 120);
        await("backlog drained").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);
        assertThat(server.resources("Patient")).hasSize(1);
        assertThat(server.resources("Device")).hasSize(1);
        assertThat(server.createdObservationIdentifiers()).isEqualTo(identifiersInRecordingOrder());
        assertThat(server.lastAuthorization()).isEqualTo("Bearer test-token");
        Observation exported = (Observation) server.resources("Observation").get(0);
        assertThat(exported.getSubject().getReference()).isEqualTo("Patient/" + server.resources("Patient").get(0).getIdElement().getIdPart());
        assertThat(exported.getDevice().getReference()).isEqualTo("Device/" + server.resources("Device").get(0).getIdElement().getIdPart());
        assertThat(exporter.status().sent()).isEqualTo(122);
    }

    @Test
    void while_the_server_is_down_resources_wait_and_after_it_returns_each_arrives_exactly_once() throws Exception {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(10);
        FhirExporter exporter = startExporter(storage);
        await("first observations exported").atMost(DELIVERY).until(() -> server.resources("Observation").size() == 10);
        await("and marked sent").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);

        server.stop();
        givenObservationsRecorded(30);
        await("exporter notices the server is down").atMost(DELIVERY).until(() -> exporter.status().consecutiveFailures() >= 2);
        givenObservationsRecorded(30);
        assertThat(exporter.backlog().pending()).isEqualTo(60);
        assertThat(exporter.backlog().oldestPendingAt()).isNotNull();

        server.start();

        await("backlog exported after the server returned").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);
        assertThat(server.resources("Observation")).hasSize(70);
        assertThat(server.createdObservationIdentifiers()).doesNotHaveDuplicates().isEqualTo(identifiersInRecordingOrder());
        assertThat(storage.outbox().entries(OutboxEntry.State.SENT, 1000).stream().mapToInt(OutboxEntry::attempts).max().orElseThrow())
                .isGreaterThan(1);
        assertThat(exporter.status().consecutiveFailures()).isZero();
    }

    @Test
    void a_server_answering_500_is_retried_with_backoff_until_it_recovers_and_nothing_is_parked() {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(5);
        server.failing(true);
        FhirExporter exporter = startExporter(storage);

        await("exporter backs off from a failing server").atMost(DELIVERY).until(() -> exporter.status().consecutiveFailures() >= 3);
        assertThat(exporter.status().lastError()).startsWith("HTTP 500").contains("database unavailable");
        assertThat(exporter.backlog().parked()).isZero();
        server.failing(false);

        await("backlog exported after the server recovered").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);
        assertThat(server.resources("Observation")).hasSize(5);
        assertThat(exporter.backlog().parked()).isZero();
    }

    @Test
    void after_a_gateway_restart_mid_backlog_a_new_exporter_sends_the_rest_and_nothing_twice() throws Exception {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(130);
        FhirExporter first = new FhirExporter(storage.outbox(), config(), FhirContextHolder.r4(), Clock.systemUTC());
        first.exportOnce();
        first.exportOnce();
        givenTheLastBatchWasSentButNotMarkedSentBeforeTheCrash(20);
        storage.database().close();

        storage = TestRepositories.over(database.open(), Clock.systemUTC());
        FhirExporter second = startExporter(storage);

        await("backlog exported by the new exporter").atMost(DELIVERY).until(() -> second.backlog().pending() == 0);
        assertThat(server.resources("Observation")).hasSize(130);
        assertThat(server.createdObservationIdentifiers()).doesNotHaveDuplicates().hasSize(130);
        assertThat(server.resources("Patient")).hasSize(1);
        assertThat(server.resources("Device")).hasSize(1);
    }

    @Test
    void a_resource_the_server_refuses_is_parked_with_the_operation_outcome_and_the_others_go_through() {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(3);
        storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 91, T0.plusSeconds(3600)), "occ-never-exported", VitalLimits.NONE));
        givenObservationsRecorded(3);

        FhirExporter exporter = startExporter(storage);

        await("refused observation parked").atMost(DELIVERY).until(() -> exporter.backlog().parked() == 1);
        await("the other observations exported").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);
        assertThat(server.resources("Observation")).hasSize(6);
        OutboxEntry parked = storage.outbox().entries(OutboxEntry.State.PARKED, 10).get(0);
        assertThat(parked.resourceType()).isEqualTo("Observation");
        assertThat(parked.lastError()).startsWith("HTTP 422").contains("OperationOutcome")
                .contains("no Patient matches identifier=urn:vigil:occupancy|occ-never-exported");
        assertThat(exporter.status().parked()).isEqualTo(1);
    }

    @Test
    void an_admission_after_export_updates_the_same_patient_on_the_server() {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(2);
        FhirExporter exporter = startExporter(storage);
        await("placeholder patient exported").atMost(DELIVERY).until(() -> server.resources("Observation").size() == 2);

        storage.occupancies().admit(occupancy.id(), patients.admitted(occupancy.id(),
                new Admission("Okafor", "Ada", "urn:example:mrn", "MRN-1", null)), T0.plusSeconds(600));

        await("admitted patient exported").atMost(DELIVERY).until(() -> exporter.backlog().pending() == 0);
        assertThat(server.resources("Patient")).hasSize(1);
        Patient patient = (Patient) server.resources("Patient").get(0);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(((Observation) server.resources("Observation").get(0)).getSubject().getReference())
                .isEqualTo("Patient/" + patient.getIdElement().getIdPart());
    }

    @Test
    void backoff_doubles_per_failure_up_to_the_maximum() {
        FhirExporter exporter = new FhirExporter(storage.outbox(), ExportConfig.to(server.baseUrl(), null)
                .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30)), FhirContextHolder.r4(), Clock.systemUTC());

        assertThat(List.of(1, 2, 3, 5, 6, 40)).extracting(exporter::backoff).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(16),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void an_exporter_whose_lease_may_be_lost_sends_nothing_and_leaves_the_outbox_as_it_was() {
        givenABedWithAPatientAndDevice();
        givenObservationsRecorded(3);
        long pendingBefore = storage.outbox().backlog().pending();
        FhirExporter fenced = new FhirExporter(storage.outbox(), config(), FhirContextHolder.r4(), Clock.systemUTC(), () -> false);

        assertThat(fenced.exportOnce()).isEqualTo(FhirExporter.Outcome.FENCED);

        assertThat(server.transactionsReceived()).isZero();
        assertThat(storage.outbox().backlog().pending()).isEqualTo(pendingBefore);
        assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::attempts).containsOnly(0);
    }

    private FhirExporter startExporter(TestRepositories on) {
        FhirExporter exporter = new FhirExporter(on.outbox(), config(), FhirContextHolder.r4(), Clock.systemUTC());
        toClose.add(exporter);
        exporter.start();
        return exporter;
    }

    private ExportConfig config() {
        return ExportConfig.to(server.baseUrl(), "Bearer test-token")
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private void givenABedWithAPatientAndDevice() {
        occupancy = storage.occupancies().start("bed-1", patients.placeholder("occ-bed-1-a"), T0);
        storage.resources().saveDevice("ox-1", observations.device("ox-1", new DeviceIdentity("Nonin", "7500", "SN-1")));
    }

    private void givenObservationsRecorded(int count) {
        for (int i = 0; i < count; i++) {
            Instant time = T0.plusSeconds(60L * recorded++);
            storage.resources().saveObservation(observations.vital(reading(VitalSign.SPO2, 95, time), occupancy.id(), VitalLimits.NONE));
        }
    }

    private void givenTheLastBatchWasSentButNotMarkedSentBeforeTheCrash(int entries) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE export_outbox SET state = 'PENDING' WHERE seq IN (SELECT seq FROM export_outbox"
                    + " WHERE state = 'SENT' ORDER BY seq DESC LIMIT " + entries + ")");
        }
    }

    private List<String> identifiersInRecordingOrder() {
        List<String> identifiers = new ArrayList<>();
        for (OutboxEntry entry : storage.outbox().entries(OutboxEntry.State.SENT, 10_000)) {
            if (!entry.resourceType().equals("Observation")) continue;
            Resource resource = (Resource) FhirContextHolder.r4().newJsonParser().parseResource(entry.resourceJson());
            identifiers.add(((Observation) resource).getIdentifierFirstRep().getValue());
        }
        return identifiers;
    }

    private static Reading reading(VitalSign vital, double value, Instant time) {
        return new Reading("ox-1", vital, value, vital.ucum(), time, time, Quality.VALID);
    }
}
