package org.vigil.drivers.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.drivers.DeviceCommand;
import org.vigil.drivers.DeviceEndpoint;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.DriverListener;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.LineSettings;
import org.vigil.drivers.ProtocolSession;
import org.vigil.model.DeviceStatus;

/**
 * One configured device on a serial port or a network serial server, run by the lifecycle every
 * protocol shares: connect, negotiate ({@link ProtocolSession#start}), stream, detect silence,
 * reconnect with backoff, until {@link #stop()}. Protocol sessions only map bytes to readings.
 *
 * <p>Each driver owns one thread. The session, the port and the receive buffer are touched only by
 * that thread; {@link #command} and the session's {@code HostLink} hand work to it through queues.
 *
 * <p>Lifecycle events fire when the device's status changes, so each outage is reported once:
 * <ul>
 *   <li>{@code CONNECTED} when the port or socket opens, except when a silent device's port is
 *       reopened (it stays {@code SILENT} until it sends);</li>
 *   <li>{@code STREAMING} on the first valid output (reading, condition or identity) after
 *       {@code CONNECTED} or {@code SILENT};</li>
 *   <li>{@code SILENT} once no valid output has arrived for {@code maximumQuietTime};</li>
 *   <li>{@code DISCONNECTED} when opening fails or the connection is lost, not again while
 *       retries keep failing.</li>
 * </ul>
 * More than five invalid frames within the quiet time and no valid output in between raise
 * {@code DATA_GARBLED}; valid output clears it.
 *
 * <p>A device that streams on its own and then falls quiet is treated like a pulled cable: after
 * {@code SILENT} the driver closes the port and reopens it with backoff, which also repeats the
 * protocol's negotiation for devices that only talk when asked (OpenICE resets its
 * {@code AbstractSerialDevice} state machine the same way). A deliberate {@code stop()} reports
 * no event.
 */
public final class DeviceDriver {

    private static final Logger log = LoggerFactory.getLogger(DeviceDriver.class);
    private static final Duration LONGEST_READ_WAIT = Duration.ofMillis(100);
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    private final String deviceId;
    private final DeviceProtocol protocol;
    private final Transport transport;
    private final DriverListener listener;
    private final DriverMetrics metrics;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration tickInterval;
    private final int readTimeoutMillis;
    private final DeviceLifecycle lifecycle;
    private final DeviceSink sink;
    private final ByteBuffer received;
    private final Queue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
    private final Queue<PendingCommand> commands = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private final IntakeGate intake;
    private volatile boolean running;
    private volatile boolean sessionOpen;
    private int failures;

    private DeviceDriver(Builder builder) {
        this.deviceId = builder.deviceId;
        this.protocol = builder.protocol;
        this.listener = GuardedListener.guard(Objects.requireNonNull(builder.listener, "listener"));
        this.metrics = builder.metrics;
        this.clock = builder.clock;
        this.backoff = builder.backoff;
        this.intake = builder.intake;
        this.tickInterval = protocol.tickInterval();
        this.readTimeoutMillis = (int) Math.max(10, Math.min(tickInterval.toMillis(), LONGEST_READ_WAIT.toMillis()));
        this.transport = transportFor(builder);
        Duration quietTime = builder.maximumQuietTime != null ? builder.maximumQuietTime : protocol.maximumQuietTime();
        this.lifecycle = new DeviceLifecycle(deviceId, quietTime, listener);
        this.sink = new DeviceSink(deviceId, protocol.name(), listener, metrics, lifecycle);
        this.received = ByteBuffer.allocate(builder.receiveBufferBytes);
        this.thread = new Thread(this::run, "driver-" + deviceId);
        this.thread.setDaemon(true);
    }

    public static Builder builder(String deviceId, DeviceProtocol protocol, DeviceEndpoint endpoint) {
        return new Builder(deviceId, protocol, endpoint);
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceStatus status() {
        return lifecycle.status();
    }

    public Duration maximumQuietTime() {
        return lifecycle.maximumQuietTime();
    }

    /** Starts the driver thread; it connects and keeps reconnecting until {@link #stop()}. */
    public synchronized void start() {
        if (running || stopSignal.getCount() == 0) {
            throw new IllegalStateException("driver for device " + deviceId + " was already started");
        }
        running = true;
        thread.start();
    }

    /** Ends the driver thread within about a second and closes the port. */
    public void stop() {
        running = false;
        stopSignal.countDown();
        transport.abort();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("driver for device {} did not stop within {}", deviceId, STOP_WAIT);
        }
        failPendingCommands("driver stopped");
    }

    /**
     * Asks the device to do something; the session runs it on the driver thread.
     *
     * @return completes with the session's answer ({@code false}: this device cannot do it), or
     *         exceptionally when the device is not connected
     */
    public CompletableFuture<Boolean> command(DeviceCommand command) {
        Objects.requireNonNull(command, "command");
        if (!running || !sessionOpen) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + deviceId + " is not connected"));
        }
        PendingCommand pending = new PendingCommand(command, new CompletableFuture<>());
        commands.add(pending);
        return pending.result;
    }

    private void run() {
        while (running) {
            Transport.Connection connection;
            try {
                connection = transport.open(readTimeoutMillis);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    lifecycle.disconnected(now(), "cannot connect to " + transport + ": " + e.getMessage());
                    pauseBeforeReconnect();
                }
                continue;
            }
            try {
                converse(connection);
            } catch (IOException e) {
                if (running) {
                    lifecycle.disconnected(now(), "connection to " + transport + " lost: " + describe(e));
                }
            } catch (RuntimeException e) {
                log.error("protocol {} failed on device {}; reconnecting", protocol.name(), deviceId, e);
                lifecycle.disconnected(now(), "protocol session failed: " + describe(e));
            } finally {
                sessionOpen = false;
                connection.close();
                outgoing.clear();
                failPendingCommands("device " + deviceId + " disconnected");
            }
            if (running) {
                pauseBeforeReconnect();
            }
        }
    }

    /** Runs one connection until it fails, falls silent or the driver stops. */
    private void converse(Transport.Connection connection) throws IOException {
        Instant now = now();
        lifecycle.connected(now, transport.toString());
        ProtocolSession session = protocol.open(outgoing::add, sink.at(now));
        sessionOpen = true;
        session.start(now);
        send(connection);
        received.clear();
        Instant nextTick = now.plus(tickInterval);
        while (running) {
            runCommands(session, now);
            intake.awaitRoom();
            int count = connection.read(received.array(), received.arrayOffset() + received.position(), received.remaining());
            if (count < 0) {
                throw new EOFException("end of stream");
            }
            now = now();
            if (count > 0) {
                decode(session, count, now);
            }
            if (!now.isBefore(nextTick)) {
                session.tick(now);
                nextTick = now.plus(tickInterval);
                if (lifecycle.isQuiet(now)) {
                    return;
                }
            }
            send(connection);
        }
    }

    private void decode(ProtocolSession session, int count, Instant now) {
        received.position(received.position() + count);
        received.flip();
        sink.at(now);
        session.received(received, now);
        received.compact();
        if (!received.hasRemaining()) {
            int discarded = received.position();
            received.clear();
            sink.invalidFrame(new InvalidFrame(InvalidFrame.Cause.TOO_LONG, discarded,
                    "receive buffer of " + received.capacity() + " bytes full without a whole frame"));
        }
        if (lifecycle.status() == DeviceStatus.STREAMING) {
            failures = 0;
        }
    }

    private void runCommands(ProtocolSession session, Instant now) {
        PendingCommand pending;
        while ((pending = commands.poll()) != null) {
            try {
                pending.result.complete(session.command(pending.command, now));
            } catch (RuntimeException e) {
                pending.result.completeExceptionally(e);
            }
        }
    }

    private void send(Transport.Connection connection) throws IOException {
        byte[] bytes;
        while ((bytes = outgoing.poll()) != null) {
            connection.write(bytes);
        }
    }

    private void pauseBeforeReconnect() {
        Duration delay = backoff.delayAfter(++failures);
        try {
            if (stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        metrics.reconnect(deviceId);
        log.debug("reconnecting device {} to {} after {}", deviceId, transport, delay);
    }

    private void failPendingCommands(String reason) {
        PendingCommand pending;
        while ((pending = commands.poll()) != null) {
            pending.result.completeExceptionally(new IllegalStateException(reason));
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Transport transportFor(Builder builder) {
        if (builder.endpoint instanceof DeviceEndpoint.Serial serial) {
            return new SerialTransport(serial.port(), lineSettings(builder, serial));
        }
        if (builder.endpoint instanceof DeviceEndpoint.Tcp tcp) {
            return new TcpTransport(tcp, builder.connectTimeout);
        }
        throw new IllegalArgumentException("device " + builder.deviceId + " is on " + builder.endpoint
                + "; MQTT devices belong to MqttDeviceHub");
    }

    private static LineSettings lineSettings(Builder builder, DeviceEndpoint.Serial serial) {
        if (builder.lineSettings != null) {
            return builder.lineSettings;
        }
        if (serial.lineSettings() != null) {
            return serial.lineSettings();
        }
        LineSettings protocolDefault = builder.protocol.defaultLineSettings();
        return protocolDefault != null ? protocolDefault : LineSettings.B9600_8N1;
    }

    private record PendingCommand(DeviceCommand command, CompletableFuture<Boolean> result) {
    }

    /** Settings of one driver; everything but the listener has a default. */
    public static final class Builder {
        private final String deviceId;
        private final DeviceProtocol protocol;
        private final DeviceEndpoint endpoint;
        private LineSettings lineSettings;
        private Duration maximumQuietTime;
        private DriverListener listener;
        private DriverMetrics metrics = DriverMetrics.NONE;
        private Clock clock = Clock.systemUTC();
        private Backoff backoff = Backoff.DEFAULT;
        private IntakeGate intake = IntakeGate.OPEN;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private int receiveBufferBytes = 16 * 1024;

        private Builder(String deviceId, DeviceProtocol protocol, DeviceEndpoint endpoint) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /** Overrides both the endpoint's and the protocol's line settings. */
        public Builder lineSettings(LineSettings lineSettings) {
            this.lineSettings = lineSettings;
            return this;
        }

        /** Overrides the protocol's maximum quiet time. */
        public Builder maximumQuietTime(Duration maximumQuietTime) {
            this.maximumQuietTime = maximumQuietTime;
            return this;
        }

        public Builder listener(DriverListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder metrics(DriverMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Consulted before each read, so that storage can slow the intake: bytes wait in the OS and TCP buffers. */
        public Builder intake(IntakeGate intake) {
            this.intake = Objects.requireNonNull(intake, "intake");
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** How long a TCP connect may take before it counts as failed. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Largest incomplete frame the driver keeps; more is discarded as an invalid frame. */
        public Builder receiveBufferBytes(int receiveBufferBytes) {
            if (receiveBufferBytes < 64) {
                throw new IllegalArgumentException("receive buffer must hold at least 64 bytes");
            }
            this.receiveBufferBytes = receiveBufferBytes;
            return this;
        }

        public DeviceDriver build() {
            return new DeviceDriver(this);
        }
    }
}
