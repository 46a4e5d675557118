package org.vigil.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.alerting.profile.AlarmProfile;
import org.vigil.alerting.profile.ProfileException;
import org.vigil.alerting.profile.ProfileLoader;

/** Reads {@code vigil.yaml} into a {@link VigilConfig} and validates it once. */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ConfigLoader() {
    }

    public static VigilConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(name, 0, "", "file not found");
        } catch (IOException e) {
            throw single(name, 0, "", "cannot read: " + e.getMessage());
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(name, text, directory);
    }

    /** Parses configuration text; {@code name} is used in error messages. */
    public static VigilConfig parse(String name, String text, Path configDirectory) throws ConfigException {
        VigilConfig config;
        try {
            config = YAML.readValue(text, VigilConfig.class);
        } catch (JacksonException e) {
            throw single(name, lineOf(e, text), keyOf(e), messageOf(e));
        }
        if (config == null) {
            throw single(name, 1, "", "the file is empty");
        }
        config = config.withConfigDirectory(configDirectory);
        List<ConfigProblem> problems = new ConfigValidator(name, YamlLocations.index(text)).validate(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * Loads the alarm profiles the beds use, with the same kind of located errors.
     *
     * @return profiles by name
     */
    public static Map<String, AlarmProfile> loadProfiles(VigilConfig config) throws ConfigException {
        Map<String, AlarmProfile> profiles = new HashMap<>();
        for (BedConfig bed : config.beds()) {
            if (profiles.containsKey(bed.alarmProfile())) continue;
            Path file = config.alarmProfileDirectory().resolve(bed.alarmProfile() + ".yaml");
            try {
                profiles.put(bed.alarmProfile(), ProfileLoader.load(file));
            } catch (ProfileException e) {
                throw single(e.file(), e.line(), e.key(), e.problem());
            }
        }
        return profiles;
    }

    private static ConfigException single(String file, int line, String key, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, line, key, message)));
    }

    /**
     * The line of the key the error is about. Records are bound through their constructors, so
     * Jackson's own location can point past the key; the key's path is looked up instead.
     */
    private static int lineOf(JacksonException error, String text) {
        String pointer = pointerOf(error);
        if (!pointer.isEmpty()) {
            return YamlLocations.index(text).lineOf(pointer);
        }
        JsonLocation location = error.getLocation();
        return location == null || location.getLineNr() < 0 ? 1 : location.getLineNr();
    }

    private static String pointerOf(JacksonException error) {
        if (!(error instanceof JsonMappingException mapping)) return "";
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                pointer.append('/').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                pointer.append('/').append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    static String keyOf(JacksonException error) {
        if (!(error instanceof JsonMappingException mapping)) return "";
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (key.length() > 0) key.append('.');
                key.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class) return "a whole number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        return "a valid " + type.getSimpleName();
    }

    private static String messageOf(JacksonException error) {
        if (error instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "'; known keys: "
                    + String.join(", ", unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList());
        }
        if (error instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not " + describe(format.getTargetType());
        }
        Throwable cause = error.getCause();
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = error.getOriginalMessage();
        int detail = message.indexOf(" at [Source");
        return detail > 0 ? message.substring(0, detail) : message;
    }
}
