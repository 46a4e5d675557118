package org.vigil.gateway.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.vigil.gateway.Json;

/**
 * Reads a request body as one JSON object: UTF-8 only, and strictly ({@link Utf8}); a key named twice
 * is refused.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** The body as a JSON object, or an empty object when there is none. */
    public static JsonNode object(ByteBuf content) {
        String text = Utf8.text(content);
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
