package org.vigil.alerting.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree that remembers the line of every key and value, for error messages. */
sealed interface YamlNode {

    int line();

    record Entry(String key, int keyLine, YamlNode value) {
    }

    record MapNode(Map<String, Entry> entries, int line) implements YamlNode {
    }

    record ListNode(List<YamlNode> items, int line) implements YamlNode {
    }

    /** A scalar; {@code token} tells a quoted "12" (string) from a plain 12 (number). */
    record Scalar(String text, JsonToken token, int line) implements YamlNode {

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    static YamlNode parse(String source, String file) {
        try (JsonParser parser = new YAMLFactory().createParser(source)) {
            if (parser.nextToken() == null) throw new ProfileException(file, 1, "", "the file is empty");
            return read(parser, file);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new ProfileException(file, line, "", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProfileException(file, 1, "", "cannot be read: " + e.getMessage());
        }
    }

    private static YamlNode read(JsonParser parser, String file) throws IOException {
        JsonToken token = parser.currentToken();
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                if (entries.containsKey(key)) throw new ProfileException(file, keyLine, key, "duplicate key");
                entries.put(key, new Entry(key, keyLine, read(parser, file)));
            }
            return new MapNode(entries, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) items.add(read(parser, file));
            return new ListNode(items, line);
        }
        return new Scalar(parser.getText(), token, line);
    }
}
