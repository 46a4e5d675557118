package org.vigil.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.LimitRule;
import org.vigil.alerting.profile.ProfileLoader;

/**
 * The end-to-end benchmark: a real {@code mosquitto}, the gateway in its own JVM, the load
 * generator publishing {@code json} readings, and a client on {@code /api/stream}. Prints one
 * {@code name=value unit} line per figure on standard output; progress goes to standard error.
 */
public final class LoadRun {

    private static final long MIB = 1024 * 1024;
    /** The alarm scenario: SpO2 steps from resting to this value, under the kap-adult critical limit. */
    private static final double DESATURATED_SPO2 = 85;
    private static final String ALARM_RULE = "spo2-critical";
    private static final int ALARM_BEDS = 20;
    private static final int ALARM_TRIALS = 10;

    private final LoadOptions options;
    private final Figures figures;
    private final Path work;
    private Mosquitto broker;

    private LoadRun(LoadOptions options, Figures figures, Path work) {
        this.options = options;
        this.figures = figures;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("vigil-load-");
        progress("working directory (broker and gateway logs): " + work);
        new LoadRun(options, new Figures(System.out, options.figureSuffix()), work).run();
    }

    private void run() throws Exception {
        try (Mosquitto started = Mosquitto.start(options.mosquitto(), work)) {
            broker = started;
            progress("mosquitto on " + broker.url() + "; storage "
                    + (options.postgresUrl() == null ? "H2 (embedded file)" : "PostgreSQL, a new database per gateway"));
            if (options.parts().contains("startup")) startup();
            if (options.parts().contains("saturation")) {
                for (int beds : options.saturationBeds()) saturation(beds, beds == last(options.saturationBeds()));
            }
            if (options.parts().contains("latency")) {
                for (int beds : options.latencyBeds()) latency(beds);
            }
            if (options.parts().contains("alarm")) alarm();
            if (options.parts().contains("memory")) {
                for (int beds : options.memoryBeds()) memory(beds);
            }
        }
    }

    // ---- start-up --------------------------------------------------------------------------------

    /** From launching the gateway JVM to the first reading arriving on the live stream. */
    private void startup() throws Exception {
        progress("start-up: 100 beds, a reading on bed-1 every 20 ms from the moment the JVM is launched");
        AtomicLong firstReading = new AtomicLong();
        try (Publisher publisher = new Publisher(broker.url())) {
            long launched = System.nanoTime();
            try (GatewayProcess gateway = GatewayProcess.launch(options, 100, broker.url(), work, 0)) {
                SseClient client = null;
                long deadline = launched + TimeUnit.SECONDS.toNanos(30);
                try {
                    while (firstReading.get() == 0 && System.nanoTime() < deadline) {
                        publisher.publish(Publisher.topicOf(1), Publisher.reading("SPO2", 97, "%", Instant.now()));
                        if (client == null || client.ended()) {
                            client = tryConnect(gateway.httpPort(), (type, data, received) -> {
                                if (type.equals("reading")) firstReading.compareAndSet(0, System.nanoTime());
                            });
                        }
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                } finally {
                    if (client != null) client.close();
                }
                Map<String, Long> ready = gateway.awaitReady();
                figures.add("startup_gateway_ready", ready.get("uptime_ms"), "ms");
                figures.add("startup_to_first_reading", firstReading.get() == 0 ? Double.NaN
                        : TimeUnit.NANOSECONDS.toMillis(firstReading.get() - launched), "ms");
            }
        }
    }

    private static SseClient tryConnect(int port, SseClient.Listener listener) {
        try {
            return SseClient.connect(port, listener);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- saturation ------------------------------------------------------------------------------

    /**
     * The same messages, published as fast as the publisher can, first to {@code mosquitto_sub}
     * alone and then to the gateway alone; each rate is counted where the messages come out.
     */
    private void saturation(int beds, boolean headline) throws Exception {
        int count = options.saturationMessages();
        progress("saturation: " + count + " messages over " + beds + " beds, mosquitto_sub alone");
        List<String> topics = new ArrayList<>(count);
        List<byte[]> payloads = new ArrayList<>(count);
        Instant time = Instant.now();
        messages(beds, count, time, topics, payloads);
        // the same kind of messages, earlier, first: what is measured is the steady state of warm JVMs
        // (publisher and gateway), not the JIT compiler's first seconds, in both phases alike
        int warmupCount = options.saturationWarmup();
        List<String> warmupTopics = new ArrayList<>(warmupCount);
        List<byte[]> warmupPayloads = new ArrayList<>(warmupCount);
        messages(beds, warmupCount, time.minusMillis(warmupCount + 60_000L), warmupTopics, warmupPayloads);

        Rate subRate = new Rate();
        double publishRate;
        Process sub = new ProcessBuilder(options.mosquittoSub(), "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-q", "1", "-t", "load/#", "-i", "bench-sub-" + System.nanoTime())
                .redirectError(work.resolve("mosquitto_sub.err").toFile()).start();
        Thread lines = new Thread(() -> countLines(sub, subRate), "mosquitto-sub-lines");
        lines.setDaemon(true);
        lines.start();
        try (Publisher publisher = new Publisher(broker.url())) {
            awaitOrFail("mosquitto_sub subscribed", Duration.ofSeconds(10), () -> {
                publisher.publish("load/probe", new byte[]{'{', '}'});
                return subRate.seen() > 0;
            });
            long warm = subRate.seen() + warmupCount;
            publishAll(publisher, warmupTopics, warmupPayloads);
            awaitOrFail("mosquitto_sub warmed up", Duration.ofSeconds(120), () -> subRate.seen() >= warm);
            subRate.arm();
            publishRate = publishAll(publisher, topics, payloads);
            subRate.awaitQuiet(count, Duration.ofSeconds(5), Duration.ofSeconds(180));
        } finally {
            sub.destroy();
            if (!sub.waitFor(5, TimeUnit.SECONDS)) sub.destroyForcibly();
        }

        progress("saturation: the same messages to the gateway alone (" + beds + " beds)");
        Rate streamed = new Rate();
        Map<String, Long> processed;
        Map<String, Long> storage;
        boolean disconnected;
        try (GatewayProcess gateway = GatewayProcess.launch(options, beds, broker.url(), work, 0);
             Publisher publisher = new Publisher(broker.url())) {
            gateway.awaitReady();
            SseClient client = streamingClient(gateway, publisher, streamed);
            try {
                gateway.resetProcessed();
                publishAll(publisher, warmupTopics, warmupPayloads);
                awaitProcessed(gateway, warmupCount, Duration.ofSeconds(5), Duration.ofSeconds(180));
                TimeUnit.SECONDS.sleep(1); // the recorder's backlog of the warm-up goes to storage
                // a client cut off while the JVMs warmed up would leave the measured burst unstreamed:
                // the burst has a client of its own
                client.close();
                client = streamingClient(gateway, publisher, streamed);
                gateway.resetProcessed();
                streamed.arm();
                publishAll(publisher, topics, payloads);
                processed = awaitProcessed(gateway, count, Duration.ofSeconds(5), Duration.ofSeconds(180));
                disconnected = client.ended();
                storage = gateway.storage();
            } finally {
                client.close();
            }
        }
        // the gateway's own count: a stream client that falls behind is cut off by design
        long readings = processed.get("readings");
        double gatewayRate = readings < 2 ? Double.NaN
                : (readings - 1) / ((processed.get("last_ns") - processed.get("first_ns")) / 1e9);
        String suffix = headline ? "" : "_" + beds + "_beds";
        figures.add("saturation_publish_rate" + suffix, publishRate, "msg/s");
        figures.add("saturation_mosquitto_sub_rate" + suffix, subRate.perSecond(), "msg/s");
        figures.add("saturation_mosquitto_sub_received" + suffix, subRate.armedCount(), "msg");
        figures.add("saturation_gateway_rate" + suffix, gatewayRate, "readings/s");
        figures.add("saturation_gateway_processed" + suffix, readings, "readings");
        figures.add("saturation_stream_received" + suffix, streamed.armedCount(), "readings");
        if (disconnected) figures.add("saturation_stream_client_cut_off" + suffix, 1, "");
        // readings taken in but not in the stored record: refused by a full queue, or given up after failed writes
        figures.add("saturation_stored_dropped" + suffix, storage.get("dropped") + storage.get("lost_samples"), "readings");
        if (storage.get("failed_writes") > 0) figures.add("saturation_failed_writes" + suffix, storage.get("failed_writes"), "writes");
        if (storage.get("queued") > 0) figures.add("saturation_stored_still_queued" + suffix, storage.get("queued"), "readings");
        figures.add("ingest_ratio" + suffix, gatewayRate / subRate.perSecond(), "");
    }

    /** A live-stream client counting readings into {@code streamed}, once a probe reading has reached it and the probes have drained. */
    private static SseClient streamingClient(GatewayProcess gateway, Publisher publisher, Rate streamed) throws Exception {
        SseClient client = SseClient.connect(gateway.httpPort(), (type, data, received) -> {
            if (type.equals("reading")) streamed.tick();
        });
        long before = streamed.seen();
        try {
            awaitOrFail("gateway streaming bed-1", Duration.ofSeconds(30), () -> {
                publisher.publish(Publisher.topicOf(1), Publisher.reading("SPO2", 97, "%", Instant.now()));
                return streamed.seen() > before;
            });
            TimeUnit.MILLISECONDS.sleep(500); // let the probes drain before counting
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** {@code count} readings over {@code beds}, 1 ms apart from {@code from}, alternating SpO2 and pulse rate per round of beds. */
    private static void messages(int beds, int count, Instant from, List<String> topics, List<byte[]> payloads) {
        for (int i = 0; i < count; i++) {
            int bed = i % beds + 1;
            topics.add(Publisher.topicOf(bed));
            payloads.add((i / beds) % 2 == 0
                    ? Publisher.reading("SPO2", 95 + i % 4, "%", from.plusMillis(i))
                    : Publisher.reading("PULSE_RATE", 65 + i % 20, "/min", from.plusMillis(i)));
        }
    }

    /** Polls the gateway's count until {@code expected} are done, none came for {@code quiet}, or {@code atMost}. */
    private static Map<String, Long> awaitProcessed(GatewayProcess gateway, long expected, Duration quiet, Duration atMost)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        long lastChange = System.nanoTime();
        Map<String, Long> processed = gateway.processed();
        while (processed.get("readings") < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastChange < quiet.toNanos()) {
            TimeUnit.MILLISECONDS.sleep(200);
            Map<String, Long> now = gateway.processed();
            if (!now.get("readings").equals(processed.get("readings"))) lastChange = System.nanoTime();
            processed = now;
        }
        return processed;
    }

    private static double publishAll(Publisher publisher, List<String> topics, List<byte[]> payloads) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < topics.size(); i++) publisher.publish(topics.get(i), payloads.get(i));
        return topics.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void countLines(Process sub, Rate rate) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            while (reader.readLine() != null) rate.tick();
        } catch (IOException e) {
            // mosquitto_sub stopped
        }
    }

    // ---- latency ---------------------------------------------------------------------------------

    /** Publish-to-live-stream latency of every reading of a ward at 1 Hz, after a warm-up. */
    private void latency(int beds) throws Exception {
        progress("latency: " + beds + " beds at 1 Hz, " + options.warmupSeconds() + " s warm-up, "
                + options.measureSeconds() + " s measured");
        Latencies latencies = new Latencies();
        Latencies warmup = new Latencies();
        AtomicReference<Instant> measureFrom = new AtomicReference<>(Instant.MAX);
        AtomicLong expected = new AtomicLong();
        Rate seen = new Rate();
        long lag;
        boolean disconnected;
        try (GatewayProcess gateway = GatewayProcess.launch(options, beds, broker.url(), work, 0);
             Publisher publisher = new Publisher(broker.url())) {
            gateway.awaitReady();
            SseClient client = SseClient.connect(gateway.httpPort(), (type, data, received) -> {
                if (!type.equals("reading")) return;
                seen.tick();
                Instant sent = Instant.parse(SseClient.field(data, "time"));
                long micros = Duration.between(sent, received).toNanos() / 1000;
                if (!sent.isBefore(measureFrom.get())) latencies.add(micros);
                else warmup.add(micros);
            });
            try {
                awaitOrFail("gateway streaming bed-1", Duration.ofSeconds(30), () -> {
                    publisher.publish(Publisher.topicOf(1), Publisher.reading("SPO2", 97, "%", Instant.now()));
                    return seen.seen() > 0;
                });
                seen.arm();
                PacedLoad load = new PacedLoad(publisher, beds);
                long warmupEnds = System.currentTimeMillis() + options.warmupSeconds() * 1000L;
                load.run(options.warmupSeconds() + options.measureSeconds(), PacedLoad.RESTING, (bed, vital, value, time) -> {
                    if (measureFrom.get() == Instant.MAX && time.toEpochMilli() >= warmupEnds) measureFrom.set(time);
                    if (!time.isBefore(measureFrom.get())) expected.incrementAndGet();
                });
                lag = load.maxLagMillis();
                long until = System.currentTimeMillis() + 10_000;
                while (latencies.count() < expected.get() && System.currentTimeMillis() < until && !client.ended()) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                disconnected = client.ended();
            } finally {
                client.close();
            }
        }
        String prefix = "latency_" + beds + "_beds_";
        // what the stream delivered over the whole run, to tell a slow gateway from a stalled one
        figures.add(prefix + "offered", 2.0 * beds, "readings/s");
        figures.add(prefix + "streamed", seen.perSecond(), "readings/s");
        if (disconnected) figures.add(prefix + "stream_client_disconnected", 1, "");
        figures.add(prefix + "p50", latencies.percentileMillis(50), "ms");
        figures.add(prefix + "p99", latencies.percentileMillis(99), "ms");
        figures.add(prefix + "max", latencies.maxMillis(), "ms");
        // the gateway's start at this ward, not counted above
        figures.add(prefix + "warmup_max", warmup.maxMillis(), "ms");
        figures.add(prefix + "readings", latencies.count(), "readings");
        // published in the measured window but not on the stream within 10 s of the run's end
        figures.add(prefix + "missing", Math.max(0, expected.get() - latencies.count()), "readings");
        figures.add(prefix + "publisher_lag_max", lag, "ms");
    }

    // ---- alarm -----------------------------------------------------------------------------------

    /**
     * A step desaturation on a few beds of a 1 Hz ward: from the first reading under the
     * {@code spo2-critical} limit to its alarm on the live stream, minus the rule's delay.
     */
    private void alarm() throws Exception {
        AlarmProfile profile = ProfileLoader.load(options.config().resolve("alarm-profiles/kap-adult.yaml"));
        LimitRule rule = (LimitRule) profile.rule(ALARM_RULE).orElseThrow();
        double limit = rule.thresholds().get(0).limit();
        long delayMillis = rule.delay().toMillis();
        progress("alarm: SpO2 steps to " + DESATURATED_SPO2 + " on " + ALARM_TRIALS + " of " + ALARM_BEDS
                + " beds; " + ALARM_RULE + " fires below " + limit + " after " + delayMillis + " ms");
        Map<Integer, Instant> crossed = new ConcurrentHashMap<>();
        Map<Integer, Instant> raised = new ConcurrentHashMap<>();
        long stepAtMillis = 3000;
        PacedLoad.Patient desaturating = (bed, elapsed) ->
                bed <= ALARM_TRIALS && elapsed >= stepAtMillis + (bed - 1) * 700L ? DESATURATED_SPO2 : PacedLoad.RESTING.spo2(bed, elapsed);
        int seconds = (int) (stepAtMillis / 1000 + ALARM_TRIALS + delayMillis / 1000 + 4);
        try (GatewayProcess gateway = GatewayProcess.launch(options, ALARM_BEDS, broker.url(), work, 0);
             Publisher publisher = new Publisher(broker.url())) {
            gateway.awaitReady();
            Rate seen = new Rate();
            SseClient client = SseClient.connect(gateway.httpPort(), (type, data, received) -> {
                if (type.equals("reading")) seen.tick();
                if (type.equals("alarm") && ALARM_RULE.equals(SseClient.field(data, "rule"))) {
                    String bed = SseClient.field(data, "bed");
                    raised.putIfAbsent(Integer.parseInt(bed.substring("bed-".length())), received);
                }
            });
            try {
                awaitOrFail("gateway streaming bed-1", Duration.ofSeconds(30), () -> {
                    publisher.publish(Publisher.topicOf(1), Publisher.reading("SPO2", 97, "%", Instant.now()));
                    return seen.seen() > 0;
                });
                new PacedLoad(publisher, ALARM_BEDS).run(seconds, desaturating, (bed, vital, value, time) -> {
                    if (vital.equals("SPO2") && value < limit) crossed.putIfAbsent(bed, time);
                });
            } finally {
                client.close();
            }
        }
        Latencies overDelay = new Latencies();
        crossed.forEach((bed, at) -> {
            Instant alarm = raised.get(bed);
            if (alarm != null) overDelay.add(Duration.between(at, alarm).toNanos() / 1000 - delayMillis * 1000);
        });
        figures.add("alarm_delay_configured", delayMillis, "ms");
        figures.add("alarm_latency_over_delay_p50", overDelay.percentileMillis(50), "ms");
        figures.add("alarm_latency_over_delay_max", overDelay.maxMillis(), "ms");
        figures.add("alarm_raised", overDelay.count(), "of " + crossed.size());
    }

    // ---- memory ----------------------------------------------------------------------------------

    /** Resident memory and heap of the gateway JVM holding 2 h of trends per bed, under 1 Hz load. */
    private void memory(int beds) throws Exception {
        progress("memory: " + beds + " beds, 2 h of trends pre-filled, then " + options.measureSeconds() + " s at 1 Hz");
        Map<String, Long> heap;
        long rss;
        try (GatewayProcess gateway = GatewayProcess.launch(options, beds, broker.url(), work, 2);
             Publisher publisher = new Publisher(broker.url())) {
            gateway.awaitReady();
            SseClient client = SseClient.connect(gateway.httpPort(), (type, data, received) -> { });
            try {
                new PacedLoad(publisher, beds).run(options.measureSeconds(), PacedLoad.RESTING, (bed, vital, value, time) -> { });
            } finally {
                client.close();
            }
            rss = gateway.residentBytes();
            heap = gateway.memory();
        }
        String prefix = "memory_" + beds + "_beds_";
        figures.add(prefix + "rss", (double) rss / MIB, "MiB");
        figures.add(prefix + "heap_used_after_gc", (double) heap.get("heap_used") / MIB, "MiB");
        figures.add(prefix + "heap_committed", (double) heap.get("heap_committed") / MIB, "MiB");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Probe {
        boolean done() throws Exception;
    }

    /** Repeats {@code probe} every 100 ms until it succeeds; fails the run after {@code atMost}. */
    private static void awaitOrFail(String what, Duration atMost, Probe probe) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!probe.done()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int last(List<Integer> values) {
        return values.get(values.size() - 1);
    }

    private static void progress(String message) {
        System.err.println("# " + message);
    }

    /** Messages counted where they come out: total seen, and after {@link #arm()} the rate between first and last. */
    static final class Rate {
        private final AtomicLong seen = new AtomicLong();
        private volatile boolean armed;
        private volatile long armedCount;
        private volatile long first;
        private volatile long last;

        void tick() {
            seen.incrementAndGet();
            if (!armed) return;
            long now = System.nanoTime();
            if (armedCount == 0) first = now;
            last = now;
            armedCount++;
        }

        long seen() {
            return seen.get();
        }

        void arm() {
            armed = true;
        }

        long armedCount() {
            return armedCount;
        }

        double perSecond() {
            long count = armedCount;
            return count < 2 ? Double.NaN : (count - 1) / ((last - first) / 1e9);
        }

        /** Waits until {@code expected} have come, or none for {@code quiet}, or {@code atMost} has passed. */
        void awaitQuiet(long expected, Duration quiet, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            long lastCount = -1;
            long lastChange = System.nanoTime();
            while (armedCount < expected && System.nanoTime() < deadline) {
                long count = armedCount;
                if (count != lastCount) {
                    lastCount = count;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }
}
