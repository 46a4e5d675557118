package org.vigil.drivers.json;

import java.time.Instant;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times with an offset ({@link java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME}),
 * read without allocating in the usual shape {@code 2026-03-02T10:00:00[.fraction](Z|+01:00)}: the
 * JDK's general parser was half of the JSON decoder's time in a flight recording of the
 * saturation benchmark. Any other text goes to {@link OffsetDateTime#parse}, which decides as before.
 */
final class IsoTime {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int MAX_OFFSET_HOURS = 18;

    private IsoTime() {
    }

    /** @throws DateTimeParseException if the text is not an ISO-8601 date-time with offset */
    static Instant parse(String text) {
        Instant fast = usualShape(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant, or {@code null} when the text is not in the usual shape or out of range. */
    static Instant usualShape(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) | 0x20) != 't'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) nanos = nanos * 10 + (text.charAt(at++) - '0');
            int fractionDigits = at - start;
            if (fractionDigits == 0 || (at < length && isDigit(text.charAt(at)))) return null;
            for (int i = fractionDigits; i < 9; i++) nanos *= 10;
        }
        if (at >= length) return null;
        int offsetSeconds;
        char sign = text.charAt(at);
        if ((sign | 0x20) == 'z' && at + 1 == length) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && at + 6 == length && text.charAt(at + 3) == ':') {
            int offsetHours = digits(text, at + 1, 2);
            int offsetMinutes = digits(text, at + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours > MAX_OFFSET_HOURS
                    || (offsetHours == MAX_OFFSET_HOURS && offsetMinutes > 0)) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the algorithm of {@link java.time.LocalDate#toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) total -= Year.isLeap(year) ? 1 : 2;
        return total - 719_528;
    }

    /** The number written in {@code count} decimal digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
