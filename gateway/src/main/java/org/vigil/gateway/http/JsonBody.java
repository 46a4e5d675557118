package org.vigil.gateway.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.vigil.gateway.Json;

/**
 * Reads a request body as one JSON object: UTF-8 only, and strictly (RFC 8259 §8.1: JSON exchanged
 * between systems is UTF-8); a malformed byte sequence is refused, never replaced, so nothing
 * mangled is acted on or stored.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** The body's text; a body that is not valid UTF-8 is a {@link BadRequestException}. */
    public static String text(ByteBuf content) {
        ByteBuffer bytes = content.nioBuffer();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the body is not valid UTF-8");
        }
    }

    /** The body as a JSON object, or an empty object when there is none. */
    public static JsonNode object(ByteBuf content) {
        String text = text(content);
        if (text.isBlank()) return Json.MAPPER.createObjectNode();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            throw new BadRequestException(message.startsWith("Duplicate field")
                    ? "the body names a key twice: " + message.substring("Duplicate field ".length())
                    : "the body is not valid JSON");
        } catch (IOException e) {
            throw new BadRequestException("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) throw new BadRequestException("the body must be a JSON object");
        return node;
    }
}
