package org.vigil.gateway.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line on which each key of a YAML document stands, so that a problem found after binding
 * can still name its line.
 */
final class YamlLocations {

    private final Map<String, Integer> lineByPointer;

    private YamlLocations(Map<String, Integer> lineByPointer) {
        this.lineByPointer = lineByPointer;
    }

    static YamlLocations index(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // A document that does not parse has no locations; binding reports the syntax error.
        }
        return new YamlLocations(lines);
    }

    /** The line of {@code pointer}, or of its nearest enclosing key that is in the file. */
    int lineOf(String pointer) {
        JsonPointer current = JsonPointer.compile(pointer);
        while (current != null) {
            Integer line = lineByPointer.get(current.toString());
            if (line != null) return line;
            current = current.head();
        }
        return 1;
    }
}
