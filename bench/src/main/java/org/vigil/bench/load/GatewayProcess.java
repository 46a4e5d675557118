package org.vigil.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link BenchGateway} in its own JVM: started, asked for its memory, and stopped by its process id. */
final class GatewayProcess implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int httpPort;
    private Map<String, Long> ready = Map.of();

    private GatewayProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Launches the JVM and returns at once; {@link #awaitReady()} waits for it to serve. The JVM
     * runs with the options the product ships ({@code config/jvm.options}, as {@code bin/vigil} uses
     * them), with the heap {@code jvm.options} names for wards above 1,000 beds
     * ({@value #LARGE_WARD_HEAP} up to 5,000), then those in {@code VIGIL_BENCH_GATEWAY_JVM_OPTS}
     * (a flight recording, another heap).
     */
    static final String LARGE_WARD_HEAP = "1g";

    static GatewayProcess launch(LoadOptions options, int beds, String brokerUrl, Path workDirectory, int prefillHours)
            throws IOException {
        int httpPort = Mosquitto.freePort();
        Path storage = Files.createDirectories(workDirectory.resolve("gateway-" + beds + "-" + System.nanoTime()));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(shippedJvmOptions(options.config().resolve("jvm.options")));
        if (beds > 1000) command.add("-Xmx" + LARGE_WARD_HEAP);
        String jvmOptions = System.getenv().getOrDefault("VIGIL_BENCH_GATEWAY_JVM_OPTS", "").trim();
        if (!jvmOptions.isEmpty()) command.addAll(List.of(jvmOptions.split("\\s+")));
        command.add("-cp");
        command.add(options.gatewayClasspath());
        command.add(BenchGateway.class.getName());
        command.add(Integer.toString(beds));
        command.add(brokerUrl);
        command.add(Integer.toString(httpPort));
        command.add(storage.toString());
        command.add(options.config().toAbsolutePath().toString());
        command.add(Integer.toString(prefillHours));
        if (options.postgresUrl() != null) command.add(options.postgresUrl());
        Process process = new ProcessBuilder(command)
                .redirectError(storage.resolve("gateway.log").toFile())
                .start();
        return new GatewayProcess(process, httpPort);
    }

    /** The options of {@code jvm.options}: one a line, without blank lines and {@code #} comments. */
    static List<String> shippedJvmOptions(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    /** Waits for the {@code bench: ready} line; its numbers (e.g. {@code uptime_ms}) are returned. */
    Map<String, Long> awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        String line = awaitLine("bench: ready", deadline);
        ready = numbers(line);
        return ready;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** Heap after a full collection, as the gateway reports it. */
    Map<String, Long> memory() throws IOException {
        in.write("memory\n");
        in.flush();
        return numbers(awaitLine("bench: memory", System.currentTimeMillis() + 30_000));
    }

    /** Zeroes the gateway's count of processed readings. */
    void resetProcessed() throws IOException {
        in.write("reset\n");
        in.flush();
        awaitLine("bench: reset", System.currentTimeMillis() + 10_000);
    }

    /** Readings the gateway's pipeline has finished since {@link #resetProcessed()}, with the first and last time. */
    Map<String, Long> processed() throws IOException {
        in.write("processed\n");
        in.flush();
        return numbers(awaitLine("bench: processed", System.currentTimeMillis() + 10_000));
    }

    /** Waits for storage to write what is queued; returns what it {@code queued}, {@code dropped}, {@code failed_writes} and {@code lost_samples}. */
    Map<String, Long> storage() throws IOException {
        in.write("storage\n");
        in.flush();
        return numbers(awaitLine("bench: storage", System.currentTimeMillis() + 150_000));
    }

    /** Resident set size of the gateway JVM in bytes, from {@code /proc/PID/status}. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    private String awaitLine(String prefix, long deadline) throws IOException {
        // the gateway writes only its protocol lines to standard output; its log goes to gateway.log
        while (System.currentTimeMillis() < deadline) {
            String line = out.readLine();
            if (line == null) throw new IOException("the gateway JVM exited before '" + prefix + "'");
            if (line.startsWith(prefix)) return line;
        }
        throw new IOException("no '" + prefix + "' from the gateway JVM in time");
    }

    static Map<String, Long> numbers(String line) {
        Map<String, Long> numbers = new HashMap<>();
        for (String word : line.split(" ")) {
            int equals = word.indexOf('=');
            if (equals > 0) numbers.put(word.substring(0, equals), Long.parseLong(word.substring(equals + 1)));
        }
        return numbers;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
