package org.vigil.simulators.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h} or an ISO-8601 duration such as {@code PT1H30M}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text.trim());
            if (parsed.isNegative()) {
                throw new TypeConversionException("duration must not be negative: '" + text + "'");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration; use e.g. 90s, 10m, 2h or PT1H30M");
        }
    }
}
