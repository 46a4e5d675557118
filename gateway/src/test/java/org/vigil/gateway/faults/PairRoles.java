package org.vigil.gateway.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateways of an active/standby pair say of themselves: the role in {@code /health}, the
 * failover alarm's interval and the first reading after a takeover, from their own clocks.
 */
final class PairRoles {

    static final String ACTIVE = "active";
    static final String STANDBY = "standby";
    /** The pair's defaults (docs/deployment.md): lease 3 s, standby looking every 500 ms. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration POLL = Duration.ofMillis(500);
    /** Lease plus one look: the longest a standby can wait before it takes an expired lease. */
    static final Duration TAKEOVER = LEASE.plus(POLL);
    /** The takeover and the start of the whole gateway in a JVM that is already warm. */
    static final Duration ACTIVE_AFTER_KILL = TAKEOVER.plusSeconds(15);
    /** Exit status of a gateway that lost its lease (ActiveStandby.EXIT_LEASE_LOST, EX_TEMPFAIL). */
    static final int EXIT_LEASE_LOST = 75;
    static final String FAILOVER_RULE = "gateway-failover";
    private static final Pattern INTERRUPTED = Pattern.compile("interrupted from (\\S+) to (\\S+): gateway ");
    private static final Pattern FIRST_READING = Pattern.compile("First reading since start: .* received at (\\S+)$");

    private PairRoles() {
    }

    static String role(GatewayProcess gateway) {
        try {
            return GatewayClient.of(gateway).getJson("/health").path("role").asText();
        } catch (IOException | AssertionError e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        }
    }

    static JsonNode health(GatewayProcess gateway) throws IOException, InterruptedException {
        return GatewayClient.of(gateway).getJson("/health");
    }

    static void awaitRole(GatewayProcess gateway, String role, Duration bound) {
        await(gateway + " " + role).atMost(bound).pollInterval(Duration.ofMillis(100)).until(() -> role.equals(role(gateway)));
    }

    /** The interval a failover alarm's message names: the old holder's last renewal and the takeover. */
    record Interruption(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    static Interruption interruption(String failoverMessage) {
        Matcher times = INTERRUPTED.matcher(failoverMessage);
        if (!times.find()) throw new AssertionError("failover message '" + failoverMessage + "' names no interval");
        return new Interruption(Instant.parse(times.group(1)), Instant.parse(times.group(2)));
    }

    /** When the gateway received its first reading after its start, by its own log. */
    static Optional<Instant> firstReading(GatewayProcess gateway) {
        return gateway.logLines().stream().map(FIRST_READING::matcher).filter(Matcher::find)
                .map(m -> Instant.parse(m.group(1))).findFirst();
    }

    /** {@code kill -STOP} or {@code kill -CONT}. */
    static void signal(GatewayProcess gateway, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(gateway.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + gateway.pid() + " failed");
    }
}
