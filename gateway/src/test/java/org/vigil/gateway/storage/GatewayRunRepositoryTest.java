package org.vigil.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

class GatewayRunRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @OnEachDatabase
    void a_run_that_stopped_cleanly_leaves_no_gap(Database database) {
        GatewayRunRepository runs = new GatewayRunRepository(database);
        long first = runs.begin(T0);
        runs.heartbeat(first, T0.plusSeconds(60));
        runs.end(first, T0.plusSeconds(90));

        long second = runs.begin(T0.plusSeconds(120));

        assertThat(second).isGreaterThan(first);
        assertThat(runs.uncleanRunsBefore(second)).isEmpty();
    }

    @OnEachDatabase
    void a_run_that_never_stopped_is_reported_as_a_gap_from_its_last_heartbeat_once(Database database) {
        GatewayRunRepository runs = new GatewayRunRepository(database);
        long crashed = runs.begin(T0);
        runs.heartbeat(crashed, T0.plusSeconds(60));
        runs.heartbeat(crashed, T0.plusSeconds(120));

        long current = runs.begin(T0.plusSeconds(600));

        assertThat(runs.uncleanRunsBefore(current)).containsExactly(new GatewayRun(crashed, T0, T0.plusSeconds(120)));
        runs.markAccounted(crashed);
        assertThat(runs.uncleanRunsBefore(current)).isEmpty();
        runs.heartbeat(crashed, T0.plusSeconds(700));
        runs.end(current, T0.plusSeconds(900));
        assertThat(runs.uncleanRunsBefore(runs.begin(T0.plusSeconds(1000)))).isEmpty();
    }

    @OnEachDatabase
    void the_current_run_and_later_ones_are_never_unclean_runs_before_it(Database database) {
        GatewayRunRepository runs = new GatewayRunRepository(database);
        long older = runs.begin(T0);
        long current = runs.begin(T0.plusSeconds(60));
        runs.begin(T0.plusSeconds(120));

        assertThat(runs.uncleanRunsBefore(current)).extracting(GatewayRun::id).containsExactly(older);
    }

    @OnEachDatabase
    void runs_survive_reopening_the_database(TestDatabase testDatabase) {
        Database database = testDatabase.open();
        long crashed = new GatewayRunRepository(database).begin(T0);
        database.close();

        GatewayRunRepository runs = new GatewayRunRepository(testDatabase.open());
        long current = runs.begin(T0.plusSeconds(60));

        assertThat(runs.uncleanRunsBefore(current)).containsExactly(new GatewayRun(crashed, T0, T0));
    }
}
