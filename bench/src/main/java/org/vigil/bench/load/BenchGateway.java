package org.vigil.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.gateway.Gateway;
import org.vigil.gateway.beds.BedState;
import org.vigil.gateway.beds.ReadingPipeline;
import org.vigil.gateway.config.BedConfig;
import org.vigil.gateway.config.DeviceConfig;
import org.vigil.gateway.config.HttpConfig;
import org.vigil.gateway.config.MqttConfig;
import org.vigil.gateway.config.StorageConfig;
import org.vigil.gateway.config.VigilConfig;
import org.vigil.gateway.fhir.VitalsRecorder;
import org.vigil.model.Quality;
import org.vigil.model.Reading;
import org.vigil.model.VitalSign;

/**
 * The gateway under load, in its own JVM so that its resident memory is its own. Started by
 * {@link LoadRun} with a ward of N beds, each with one {@code json} device on {@code load/bed-N},
 * against an external broker. Talks to its parent over standard streams: it prints
 * {@code bench: ready ...} once serving, answers {@code memory} with the heap after a full
 * collection and {@code processed} with the readings its pipeline has finished since
 * {@code reset}, and stops on {@code quit} or when its input closes.
 *
 * <p>Arguments: {@code beds brokerUrl httpPort storageDirectory configDirectory prefillHours
 * [postgresUrl]}; with a PostgreSQL URL the gateway stores into a new database made on that server.
 */
public final class BenchGateway {

    private BenchGateway() {
    }

    /** How long {@code storage} waits for the recorder to write what is queued. */
    private static final Duration STORAGE_DRAIN = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        int beds = Integer.parseInt(args[0]);
        String brokerUrl = args[1];
        int httpPort = Integer.parseInt(args[2]);
        Path storage = Path.of(args[3]);
        Path configDirectory = Path.of(args[4]).toAbsolutePath();
        int prefillHours = Integer.parseInt(args[5]);
        String jdbcUrl = args.length > 6 ? newDatabase(args[6]) : null;

        VigilConfig config = new VigilConfig(new HttpConfig("127.0.0.1", httpPort),
                new MqttConfig(false, null, null, brokerUrl, null, null, "vigil-bench-" + System.nanoTime()),
                new StorageConfig(storage.toString(), jdbcUrl, null, null, null, null), null, ward(beds), configDirectory);
        Gateway gateway = Gateway.start(config);
        ProcessedReadings processed = new ProcessedReadings();
        gateway.pipeline().addStage(processed);
        long prefilled = prefillHours > 0 ? prefill(gateway, Duration.ofHours(prefillHours)) : 0;
        System.out.println("bench: ready http=" + gateway.httpPort() + " prefilled=" + prefilled
                + " uptime_ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.flush();

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = commands.readLine()) != null; ) {
            if (command.equals("quit")) break;
            if (command.equals("reset")) {
                processed.reset();
                System.out.println("bench: reset");
                System.out.flush();
            }
            if (command.equals("processed")) {
                System.out.println("bench: processed " + processed);
                System.out.flush();
            }
            if (command.equals("storage")) {
                long deadline = System.nanoTime() + STORAGE_DRAIN.toNanos();
                while (gateway.recorder().backlog() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
                VitalsRecorder.Health health = gateway.recorder().health();
                System.out.println("bench: storage queued=" + health.queued() + " dropped=" + health.dropped()
                        + " failed_writes=" + health.failedWrites() + " lost_samples=" + health.lostSamples());
                System.out.flush();
            }
            if (command.equals("memory")) {
                System.gc();
                System.gc();
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
                System.out.println("bench: memory heap_used=" + heap.getUsed() + " heap_committed=" + heap.getCommitted()
                        + " non_heap_used=" + nonHeap.getUsed());
                System.out.flush();
            }
        }
        gateway.close();
        System.exit(0);
    }

    /** Makes an empty database on the server of {@code serverUrl} and returns its URL, so that no run sees another's rows. */
    static String newDatabase(String serverUrl) throws SQLException {
        String name = "vigil_bench_" + System.nanoTime();
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return databaseUrl(serverUrl, name);
    }

    /** The URL of database {@code name} on the server of {@code serverUrl}, with the same parameters. */
    static String databaseUrl(String serverUrl, String name) {
        return serverUrl.replaceFirst("^(jdbc:postgresql://[^/?]+)(/[^?]*)?", "$1/" + name);
    }

    /** One {@code json} device per bed, each on its own topic, like a bridge per bed would publish. */
    static List<BedConfig> ward(int beds) {
        List<BedConfig> ward = new ArrayList<>(beds);
        for (int i = 1; i <= beds; i++) {
            DeviceConfig device = new DeviceConfig("bed-" + i + "-json", "json", null, null,
                    new DeviceConfig.MqttTransport("load/bed-" + i), null, null);
            ward.add(new BedConfig("bed-" + i, null, "kap-adult", false, List.of(device)));
        }
        return ward;
    }

    /**
     * Fills every bed's trends with {@code history} of 1 Hz SpO2 and pulse and a BP every five
     * minutes, ending now, through the same {@link BedState#apply} the live path uses.
     */
    private static long prefill(Gateway gateway, Duration history) {
        Instant end = Instant.now();
        long seconds = history.toSeconds();
        long samples = 0;
        for (BedState bed : gateway.ward().beds()) {
            String device = bed.config().devices().get(0).id();
            for (long s = seconds; s > 0; s--) {
                Instant at = end.minusSeconds(s);
                bed.apply(reading(device, VitalSign.SPO2, 95 + s % 4, at));
                bed.apply(reading(device, VitalSign.PULSE_RATE, 65 + s % 20, at));
                samples += 2;
                if (s % 300 == 0) {
                    bed.apply(reading(device, VitalSign.BP_SYS, 120 + s % 10, at));
                    bed.apply(reading(device, VitalSign.BP_DIA, 75 + s % 5, at));
                    bed.apply(reading(device, VitalSign.BP_MEAN, 90 + s % 5, at));
                    samples += 3;
                }
            }
        }
        return samples;
    }

    private static Reading reading(String device, VitalSign vital, double value, Instant at) {
        return new Reading(device, vital, value, vital.ucum(), at, at, Quality.VALID);
    }

    /**
     * Counts readings that have been through the whole pipeline (live state, live stream, alarms):
     * the gateway's own ingest, whether or not a stream client keeps up.
     */
    private static final class ProcessedReadings implements ReadingPipeline.Stage {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong first = new AtomicLong();
        private volatile long last;

        @Override
        public void reading(BedState bed, Reading reading) {
            long now = System.nanoTime();
            if (count.getAndIncrement() == 0) first.set(now);
            last = now;
        }

        void reset() {
            count.set(0);
        }

        @Override
        public String toString() {
            return "readings=" + count.get() + " first_ns=" + first.get() + " last_ns=" + last;
        }
    }

}
