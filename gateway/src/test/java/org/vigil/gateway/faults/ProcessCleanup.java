package org.vigil.gateway.faults;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes, after each test, everything the test started (processes, servers, clients), newest
 * first, so that no process outlives its test. Whatever is still open when the test JVM exits is
 * closed by a shutdown hook.
 */
final class ProcessCleanup implements AfterEachCallback {

    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(ProcessCleanup::closeQuietly),
                "fault-process-cleanup"));
    }

    private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();

    /** Closes {@code resource} after the test; returns it. */
    <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        OPEN.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Exception> failures = new ArrayList<>();
        AutoCloseable resource;
        while ((resource = started.poll()) != null) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            } finally {
                OPEN.remove(resource);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("cleanup of " + resource + " failed: " + e);
        }
    }
}
