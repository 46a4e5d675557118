package org.vigil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsMeasureTheWardSizesOfTheIssue() {
        LoadOptions options = LoadOptions.parse("--gateway-classpath", "g.jar");

        assertThat(options.latencyBeds()).containsExactly(100, 1000, 5000);
        assertThat(options.memoryBeds()).containsExactly(100, 1000);
        assertThat(options.saturationWarmup()).isEqualTo(300_000);
        assertThat(options.parts()).isEqualTo(LoadOptions.ALL_PARTS);
    }

    @Test
    void optionsOverrideTheDefaults() {
        LoadOptions options = LoadOptions.parse("--gateway-classpath", "g.jar", "--latency-beds", "10, 20",
                "--saturation-messages", "50_000", "--saturation-warmup", "0", "--parts", "latency,alarm");

        assertThat(options.latencyBeds()).isEqualTo(List.of(10, 20));
        assertThat(options.saturationMessages()).isEqualTo(50_000);
        assertThat(options.saturationWarmup()).isZero();
        assertThat(options.parts()).isEqualTo(Set.of("latency", "alarm"));
    }

    @Test
    void aPostgresRunNamesItsFiguresApartAndGivesEachGatewayADatabaseOfItsOwn() {
        LoadOptions postgres = LoadOptions.parse("--gateway-classpath", "g.jar", "--postgres-url",
                "jdbc:postgresql://127.0.0.1:55491/postgres?user=postgres");

        assertThat(postgres.figureSuffix()).isEqualTo("_postgres");
        assertThat(LoadOptions.parse("--gateway-classpath", "g.jar").figureSuffix()).isEmpty();
        assertThat(BenchGateway.databaseUrl(postgres.postgresUrl(), "vigil_bench_1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:55491/vigil_bench_1?user=postgres");
        assertThat(BenchGateway.databaseUrl("jdbc:postgresql://db:5432?user=u", "vigil_bench_2"))
                .isEqualTo("jdbc:postgresql://db:5432/vigil_bench_2?user=u");
        assertThatThrownBy(() -> LoadOptions.parse("--gateway-classpath", "g.jar", "--postgres-url", "jdbc:h2:file:x"))
                .hasMessageStartingWith("--postgres-url must be a jdbc:postgresql:// URL");
    }

    @Test
    void loopsCannotBeMadeUnbounded() {
        assertThatThrownBy(() -> LoadOptions.parse("--gateway-classpath", "g.jar", "--measure-seconds", "100000"))
                .hasMessage("--measure-seconds must be between 1 and 300, not 100000");
        assertThatThrownBy(() -> LoadOptions.parse("--gateway-classpath", "g.jar", "--latency-beds", "50000"))
                .hasMessage("--latency-beds must be between 1 and 20000, not 50000");
    }

    @Test
    void unknownOptionsAndPartsAreRefused() {
        assertThatThrownBy(() -> LoadOptions.parse("--gateway-classpath", "g.jar", "--beds", "5"))
                .hasMessage("unknown option --beds");
        assertThatThrownBy(() -> LoadOptions.parse("--gateway-classpath", "g.jar", "--parts", "latency,fun"))
                .hasMessageStartingWith("unknown part 'fun'");
    }

    @Test
    void figuresPrintOneNameValueUnitLineEach() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Figures figures = new Figures(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        figures.add("ingest_ratio", 0.2271, "");
        figures.add("latency_1000_beds_p99", 6.704, "ms");
        figures.add("saturation_gateway_rate", 4569.61, "readings/s");
        figures.add("memory_100_beds_rss", 256, "MiB");
        figures.add("alarm_latency_over_delay_max", Double.NaN, "ms");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "ingest_ratio=0.227",
                "latency_1000_beds_p99=6.7 ms",
                "saturation_gateway_rate=4569.6 readings/s",
                "memory_100_beds_rss=256 MiB",
                "alarm_latency_over_delay_max=n/a ms");
    }
}
