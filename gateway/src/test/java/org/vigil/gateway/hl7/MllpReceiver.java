package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HL7 v2 receiver over MLLP, HAPI's own {@link HL7Service}, the way an interface engine
 * listens: it keeps every message it gets and answers each with the ACK that {@link #answer} picks
 * (AA unless told otherwise).
 */
final class MllpReceiver implements AutoCloseable {

    /** What the receiver answers to one message: the code and, for AE/AR, the error text. */
    record Answer(AcknowledgmentCode code, String error) {
        static final Answer ACCEPT = new Answer(AcknowledgmentCode.AA, null);
    }

    private final HapiContext context = new DefaultHapiContext();
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private volatile Function<Message, Answer> answer = message -> Answer.ACCEPT;
    private HL7Service service;

    private MllpReceiver(int port) {
        this.port = port;
        context.setValidationContext(ValidationContextFactory.noValidation());
        // The ACKs' MSH-10 from memory, not from an id_file in the working directory.
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    static MllpReceiver on(int port) throws InterruptedException {
        MllpReceiver receiver = new MllpReceiver(port);
        receiver.start();
        return receiver;
    }

    int port() {
        return port;
    }

    void answer(Function<Message, Answer> answer) {
        this.answer = answer;
    }

    synchronized void start() throws InterruptedException {
        service = context.newServer(port, false);
        service.registerApplication(new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                Answer reply = answer.apply(message);
                received.add(message);
                try {
                    if (reply.code() == AcknowledgmentCode.AA) return message.generateACK();
                    return message.generateACK(reply.code(), new HL7Exception(reply.error()));
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        service.startAndWait();
    }

    synchronized void stop() {
        if (service != null) service.stopAndWait();
        service = null;
    }

    List<Message> received() {
        return List.copyOf(received);
    }

    /** MSH-10 of every message received, in order. */
    List<String> controlIds() {
        return received.stream().map(message -> field(message, "/MSH-10")).toList();
    }

    static String field(Message message, String path) {
        try {
            return new Terser(message).get(path);
        } catch (HL7Exception e) {
            throw new AssertionError("no " + path + " in " + message, e);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        context.close();
    }
}
