package org.vigil.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the end-to-end run does, from its command line. Every loop it drives is bounded by these
 * numbers, so a run cannot go on forever.
 *
 * @param gatewayClasspath class path of the gateway JVM: the gateway's shaded jar and the bench classes
 * @param latencyBeds      ward sizes for the 1 Hz latency runs
 * @param measureSeconds   length of each 1 Hz measurement, after its warm-up
 * @param saturationBeds   ward sizes for the saturation runs
 * @param saturationMessages messages published per saturation run
 * @param saturationWarmup   messages published before them, not counted
 * @param memoryBeds       ward sizes for the memory runs
 * @param parts            which parts to run: startup, saturation, latency, alarm, memory
 * @param postgresUrl      a PostgreSQL server for the gateway's storage (each gateway gets a new
 *                         database on it), or {@code null} for the embedded H2 file
 */
public record LoadOptions(String gatewayClasspath, Path config, String mosquitto, String mosquittoSub,
                          List<Integer> latencyBeds, int warmupSeconds, int measureSeconds,
                          List<Integer> saturationBeds, int saturationMessages, int saturationWarmup, List<Integer> memoryBeds,
                          Set<String> parts, String postgresUrl) {

    static final Set<String> ALL_PARTS = Set.of("startup", "saturation", "latency", "alarm", "memory");

    public static LoadOptions parse(String... args) {
        String classpath = null;
        Path config = Path.of("config");
        String mosquitto = "/usr/sbin/mosquitto";
        String mosquittoSub = "/usr/bin/mosquitto_sub";
        List<Integer> latencyBeds = List.of(100, 1000, 5000);
        // covers the gateway's start at a full ward: the JIT, and the first readings' Devices and
        // Patients (at 5,000 beds the intake waits for storage for a few seconds); the worst latency
        // of the warm-up is printed too, as latency_<beds>_beds_warmup_max
        int warmup = 15;
        int measure = 20;
        List<Integer> saturationBeds = List.of(100, 1000);
        int saturationMessages = 200_000;
        int saturationWarmup = 300_000;
        List<Integer> memoryBeds = List.of(100, 1000);
        Set<String> parts = ALL_PARTS;
        String postgresUrl = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a value");
            String value = args[++i];
            switch (option) {
                case "--gateway-classpath" -> classpath = value;
                case "--config" -> config = Path.of(value);
                case "--mosquitto" -> mosquitto = value;
                case "--mosquitto-sub" -> mosquittoSub = value;
                case "--latency-beds" -> latencyBeds = counts(option, value);
                case "--warmup-seconds" -> warmup = bounded(option, value, 0, 60);
                case "--measure-seconds" -> measure = bounded(option, value, 1, 300);
                case "--saturation-beds" -> saturationBeds = counts(option, value);
                case "--saturation-messages" -> saturationMessages = bounded(option, value, 1000, 2_000_000);
                case "--saturation-warmup" -> saturationWarmup = bounded(option, value, 0, 2_000_000);
                case "--memory-beds" -> memoryBeds = counts(option, value);
                case "--parts" -> parts = partsOf(value);
                case "--postgres-url" -> postgresUrl = postgresUrl(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (classpath == null) throw new IllegalArgumentException("--gateway-classpath is required");
        return new LoadOptions(classpath, config, mosquitto, mosquittoSub, latencyBeds, warmup, measure,
                saturationBeds, saturationMessages, saturationWarmup, memoryBeds, parts, postgresUrl);
    }

    /** Figures measured on PostgreSQL carry this after their name, beside the H2 ones. */
    String figureSuffix() {
        return postgresUrl == null ? "" : "_postgres";
    }

    private static String postgresUrl(String value) {
        if (!value.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--postgres-url must be a jdbc:postgresql:// URL, not '" + value + "'");
        }
        return value;
    }

    private static List<Integer> counts(String option, String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) counts.add(bounded(option, part.trim(), 1, 20_000));
        return List.copyOf(counts);
    }

    private static int bounded(String option, String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }

    private static Set<String> partsOf(String value) {
        List<String> parts = Arrays.stream(value.split(",")).map(String::trim).toList();
        for (String part : parts) {
            if (!ALL_PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part '" + part + "'; known: " + String.join(", ", ALL_PARTS));
            }
        }
        return Set.copyOf(parts);
    }
}
