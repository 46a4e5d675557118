package org.vigil.simulators.transport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two connected pseudo-terminals made by {@code socat}, for tests and demos that need a real serial
 * line: the simulator opens {@link #deviceEnd()}, the gateway opens {@link #hostEnd()}. Closing it
 * stops that socat process and no other.
 */
public final class VirtualSerialPair implements AutoCloseable {

    /** socat logs this at {@code -d -d} once both ends are open and linked. */
    private static final String READY = "starting data transfer loop";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final Process socat;
    private final Path directory;
    private final Path deviceEnd;
    private final Path hostEnd;

    private VirtualSerialPair(Process socat, Path directory, Path deviceEnd, Path hostEnd) {
        this.socat = socat;
        this.directory = directory;
        this.deviceEnd = deviceEnd;
        this.hostEnd = hostEnd;
    }

    /** Whether {@code socat} is on the PATH. */
    public static boolean isAvailable() {
        return findSocat() != null;
    }

    /** Starts a pair with its links in a new temporary directory. */
    public static VirtualSerialPair start() throws IOException {
        return start(Files.createTempDirectory("vigil-pty-"));
    }

    /**
     * Starts a pair with links {@code directory/A} (device end) and {@code directory/B} (host end).
     *
     * @throws IllegalStateException if socat is not installed or does not come up
     */
    public static VirtualSerialPair start(Path directory) throws IOException {
        Path socat = findSocat();
        if (socat == null) {
            throw new IllegalStateException("socat is not installed (not found on PATH); virtual serial ports need it: "
                    + "install it with 'apt-get install socat'");
        }
        Path a = directory.resolve("A");
        Path b = directory.resolve("B");
        Process process = new ProcessBuilder(socat.toString(), "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Thread drain = new Thread(() -> drain(process, log, ready), "socat-log-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        boolean up;
        try {
            up = ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        }
        VirtualSerialPair pair = new VirtualSerialPair(process, directory, a, b);
        if (!up || !process.isAlive() || !Files.exists(a) || !Files.exists(b)) {
            pair.close();
            throw new IllegalStateException("socat did not link " + a + " and " + b + " within " + START_TIMEOUT
                    + ": " + String.join(" | ", log));
        }
        return pair;
    }

    /** The end the simulated device opens. */
    public Path deviceEnd() {
        return deviceEnd;
    }

    /** The end the gateway opens. */
    public Path hostEnd() {
        return hostEnd;
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        ProcessHandle handle = socat.toHandle();
        handle.destroy();
        try {
            if (!socat.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.destroyForcibly();
                socat.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(deviceEnd);
            Files.deleteIfExists(hostEnd);
            if (Files.isDirectory(directory)) {
                try (var rest = Files.list(directory)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(directory);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the pty links in " + directory, e);
        }
    }

    private static void drain(Process process, List<String> log, CountDownLatch ready) {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (log.size() < 50) {
                    log.add(line);
                }
                if (line.contains(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            log.add(e.toString());
        } finally {
            ready.countDown();
        }
    }

    private static Path findSocat() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "socat");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
