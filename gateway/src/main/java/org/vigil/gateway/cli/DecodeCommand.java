package org.vigil.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.drivers.DecoderSink;
import org.vigil.drivers.DeviceProtocol;
import org.vigil.drivers.InvalidFrame;
import org.vigil.drivers.ProtocolSession;
import org.vigil.drivers.Protocols;
import org.vigil.gateway.Json;
import org.vigil.model.DeviceEvent;
import org.vigil.model.DeviceIdentity;
import org.vigil.model.Quality;
import org.vigil.model.VitalSign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Decodes a capture and prints one JSON line per reading, condition or discarded frame: the
 * engineer's tool for a device that misbehaves. For message protocols (MQTT payloads) every input
 * line is one message; for byte-stream protocols the whole input is one stream.
 */
@Command(name = "decode", description = "Decode a device capture and print one JSON line per reading or event.")
final class DecodeCommand implements Callable<Integer> {

    @Option(names = "--protocol", required = true, paramLabel = "P",
            description = "masimo, nonin7, nonin8, suntech, contec, contec46, ble-plx, ble-bp, json")
    String protocol;

    @Option(names = "--hex", description = "the input is hexadecimal text (spaces and line breaks ignored)")
    boolean hex;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "the capture, or - for standard input")
    String input;

    private final PrintStream out;

    DecodeCommand() {
        this(System.out);
    }

    DecodeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        if (!Protocols.exists(protocol)) {
            System.err.println("unknown protocol '" + protocol + "'; known: " + String.join(", ", Protocols.names()));
            return 2;
        }
        DeviceProtocol device = Protocols.byName(protocol);
        byte[] content;
        try (InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
            content = in.readAllBytes();
        }
        ProtocolSession session = device.open(bytes -> print(Map.of("type", "host-command",
                "hex", HexFormat.of().formatHex(bytes))), new PrintingSink());
        Instant now = Instant.now();
        boolean messages = device.defaultLineSettings() == null;
        try {
            if (messages) {
                for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
                    if (line.isBlank()) continue;
                    byte[] payload = hex ? parseHex(line) : line.getBytes(StandardCharsets.UTF_8);
                    session.message(protocol, ByteBuffer.wrap(payload), now);
                }
            } else {
                byte[] bytes = hex ? parseHex(new String(content, StandardCharsets.US_ASCII)) : content;
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                session.received(buffer, now);
                if (buffer.hasRemaining()) {
                    print(Map.of("type", "incomplete", "bytes", buffer.remaining()));
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("cannot read the capture: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private static byte[] parseHex(String text) {
        String digits = text.replaceAll("[\\s:]", "");
        return HexFormat.of().parseHex(digits);
    }

    private void print(Map<String, ?> line) {
        try {
            out.println(Json.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class PrintingSink implements DecoderSink {
        @Override
        public void reading(VitalSign vital, double value, Quality quality, Instant deviceTime) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "reading");
            line.put("vital", vital.name());
            line.put("value", Double.isNaN(value) ? null : value);
            line.put("unit", vital.ucum());
            line.put("quality", quality.toString());
            if (deviceTime != null) line.put("deviceTime", deviceTime.toString());
            print(line);
        }

        @Override
        public void condition(DeviceEvent.Kind kind, boolean active, String detail) {
            print(Map.of("type", "condition", "kind", kind.name(), "active", active, "detail", detail == null ? "" : detail));
        }

        @Override
        public void invalidFrame(InvalidFrame frame) {
            print(Map.of("type", "invalid", "cause", frame.cause().name(), "discardedBytes", frame.discardedBytes(),
                    "detail", frame.detail() == null ? "" : frame.detail()));
        }

        @Override
        public void identity(DeviceIdentity identity) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "identity");
            line.put("manufacturer", identity.manufacturer());
            line.put("model", identity.model());
            line.put("serialNumber", identity.serialNumber());
            print(line);
        }
    }
}
