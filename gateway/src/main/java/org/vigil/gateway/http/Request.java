package org.vigil.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** One HTTP request as the API handlers see it: method, path segments, query, JSON body, caller. */
public record Request(HttpMethod method, String path, List<String> segments, QueryStringDecoder query,
                      FullHttpRequest raw, Caller caller) {

    static Request of(FullHttpRequest raw, Caller caller) {
        QueryStringDecoder query = new QueryStringDecoder(raw.uri());
        List<String> segments = List.of(query.rawPath().substring(1).split("/", -1)).stream()
                .map(segment -> QueryStringDecoder.decodeComponent(segment))
                .toList();
        return new Request(raw.method(), query.path(), segments, query, raw, caller);
    }

    public String segment(int index) {
        return index < segments.size() ? segments.get(index) : "";
    }

    public String parameter(String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Instant instantParameter(String name) {
        String text = parameter(name);
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 UTC time like 2026-11-29T10:15:30Z");
        }
    }

    /** The JSON body, or an empty object when there is none; see {@link JsonBody}. */
    public JsonNode body() {
        return JsonBody.object(raw.content());
    }

    public String user() {
        return caller.user();
    }
}
