package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.llp.HL7Reader;
import ca.uhn.hl7v2.llp.HL7Writer;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import com.google.common.util.concurrent.AbstractExecutionThreadService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ha.Fence;
import org.vigil.gateway.config.Hl7DestinationConfig;
import org.vigil.gateway.storage.Hl7OutboxEntry;
import org.vigil.gateway.storage.Hl7OutboxRepository;
import org.vigil.gateway.storage.StorageException;

/**
 * Delivers the outbox of one destination over MLLP (HL7 v2 Minimal Lower Layer Protocol, HL7 v2.6
 * Appendix C), one message at a time in outbox order, on its own thread. A message stays first in
 * line until the receiver answers: AA marks it sent; AE or AR parks it with the receiver's error
 * text and the next one goes; no connection, no answer within the ACK timeout, or an answer to
 * another message closes the connection and the same message is sent again after a backoff of
 * {@link #FIRST_RETRY} doubling to {@link #LAST_RETRY}. A resent message keeps its MSH-10.
 */
public final class MllpSender extends AbstractExecutionThreadService {

    private static final Logger LOG = LoggerFactory.getLogger(MllpSender.class);

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);
    /** How often an idle sender looks at the outbox when nobody nudges it. */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** What the sender has done so far, for metrics, alarms and logs. */
    public record Status(long sent, long parked, int consecutiveFailures, String lastError) {
    }

    private final Hl7DestinationConfig destination;
    private final Hl7OutboxRepository outbox;
    private final Fence fence;
    private final Object wake = new Object();
    private volatile boolean stopping;
    private volatile boolean nudged;
    private volatile Status status = new Status(0, 0, 0, null);
    private volatile Socket socket;
    private HL7Reader reader;
    private HL7Writer writer;

    public MllpSender(Hl7DestinationConfig destination, Hl7OutboxRepository outbox) {
        this(destination, outbox, Fence.SINGLE_NODE);
    }

    /** A sender that sends nothing while {@code fence} forbids output (the lease of an active/standby pair). */
    public MllpSender(Hl7DestinationConfig destination, Hl7OutboxRepository outbox, Fence fence) {
        this.destination = destination;
        this.outbox = outbox;
        this.fence = fence;
    }

    public Hl7DestinationConfig destination() {
        return destination;
    }

    public Status status() {
        return status;
    }

    /** Looks at the outbox now rather than at the next poll (unless backing off). */
    public void nudge() {
        synchronized (wake) {
            nudged = true;
            wake.notifyAll();
        }
    }

    @Override
    protected void run() throws InterruptedException {
        Duration retry = FIRST_RETRY;
        while (!stopping) {
            if (!fence.allowsOutput()) {
                idle();
                continue;
            }
            Optional<Hl7OutboxEntry> next;
            try {
                next = outbox.next(destination.name());
            } catch (StorageException e) {
                failed(e.getMessage());
                retry = pause(retry);
                continue;
            }
            if (next.isEmpty()) {
                idle();
                continue;
            }
            if (deliver(next.get())) {
                retry = FIRST_RETRY;
            } else if (!stopping) {
                retry = pause(retry);
            }
        }
    }

    /** Sends one message and records the answer; {@code false} when it must be tried again. */
    private boolean deliver(Hl7OutboxEntry entry) {
        Acknowledgement ack;
        try {
            ack = exchange(entry.message());
        } catch (IOException | LLPException | HL7Exception | RuntimeException e) {
            disconnect();
            if (stopping) return false;
            String problem = "no acknowledgement from " + where() + ": " + describe(e);
            record(() -> outbox.recordFailure(entry.seq(), problem));
            failed(problem);
            return false;
        }
        if (!ack.controlId().equals(entry.controlId())) {
            disconnect();
            String problem = where() + " acknowledged " + ack.controlId() + " instead of " + entry.controlId();
            record(() -> outbox.recordFailure(entry.seq(), problem));
            failed(problem);
            return false;
        }
        if (ack.accepted()) {
            if (!record(() -> outbox.markSent(entry.seq()))) return false;
            Status was = status;
            if (was.consecutiveFailures() > 0) LOG.info("HL7 destination {} reachable again", destination.name());
            status = new Status(was.sent() + 1, was.parked(), 0, was.lastError());
            return true;
        }
        String error = ack.code() + (ack.errorText().isEmpty() ? "" : ": " + ack.errorText());
        if (!ack.refused()) {
            disconnect();
            record(() -> outbox.recordFailure(entry.seq(), "unknown acknowledgement code " + error));
            failed("unknown acknowledgement code " + error);
            return false;
        }
        if (!record(() -> outbox.park(entry.seq(), error))) return false;
        LOG.warn("HL7 destination {} refused {} (outbox #{}), parked: {}", destination.name(), entry.messageType(),
                entry.seq(), error);
        Status was = status;
        status = new Status(was.sent(), was.parked() + 1, 0, error);
        return true;
    }

    private Acknowledgement exchange(String message) throws IOException, LLPException, HL7Exception {
        if (!fence.allowsOutput()) throw new IOException("not sent: this gateway no longer holds the lease");
        if (socket == null) connect();
        writer.writeMessage(message);
        String answer = reader.getMessage();
        if (answer == null) throw new IOException("the receiver closed the connection");
        return Acknowledgement.parse(answer);
    }

    private void connect() throws IOException, LLPException {
        Socket opened = destination.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            opened.connect(new InetSocketAddress(destination.host(), destination.port()), (int) CONNECT_TIMEOUT.toMillis());
            opened.setSoTimeout((int) destination.ackTimeout().duration().toMillis());
            opened.setKeepAlive(true);
            MinLowerLayerProtocol mllp = new MinLowerLayerProtocol();
            writer = mllp.getWriter(opened.getOutputStream());
            reader = mllp.getReader(opened.getInputStream());
        } catch (IOException | LLPException | RuntimeException e) {
            opened.close();
            throw e;
        }
        socket = opened;
        LOG.info("Connected to HL7 destination {} at {}", destination.name(), where());
    }

    private void disconnect() {
        Socket open = socket;
        socket = null;
        reader = null;
        writer = null;
        if (open == null) return;
        try {
            open.close();
        } catch (IOException e) {
            LOG.debug("Closing the connection to {} failed: {}", where(), e.toString());
        }
    }

    private boolean record(Runnable write) {
        try {
            write.run();
            return true;
        } catch (StorageException e) {
            failed(e.getMessage());
            return false;
        }
    }

    private void failed(String problem) {
        Status was = status;
        int failures = was.consecutiveFailures() + 1;
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("HL7 destination {} failing ({} in a row), retrying: {}", destination.name(), failures, problem);
        }
        status = new Status(was.sent(), was.parked(), failures, problem);
    }

    private void idle() throws InterruptedException {
        synchronized (wake) {
            if (!nudged && !stopping) wake.wait(IDLE_POLL.toMillis());
            nudged = false;
        }
    }

    private Duration pause(Duration retry) throws InterruptedException {
        synchronized (wake) {
            if (!stopping) wake.wait(retry.toMillis());
        }
        Duration doubled = retry.multipliedBy(2);
        return doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
    }

    private String where() {
        return destination.host() + ":" + destination.port();
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Closes the connection so that a send blocked on its ACK returns at once; what is unsent stays queued. */
    @Override
    protected void triggerShutdown() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Socket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.debug("Closing the connection to {} failed: {}", where(), e.toString());
            }
        }
    }

    @Override
    protected void shutDown() {
        disconnect();
    }

    @Override
    protected String serviceName() {
        return "HL7 sender " + destination.name();
    }
}
