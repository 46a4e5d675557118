package org.vigil.gateway.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * What a fault test measured, as {@code key=value} lines: printed on standard output and appended
 * to {@code target/fault-logs/measurements.properties}, so that the figures can be reported.
 */
final class Measurements {

    private static final Path FILE = GatewayProcess.LOG_FOLDER.resolve("measurements.properties");

    private Measurements() {
    }

    static void report(String key, Object value) {
        String line = key + "=" + value;
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void reportMillis(String key, Duration duration) {
        report(key, duration.toMillis());
    }
}
