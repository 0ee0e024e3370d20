package io.clickstream.connect.transforms.parse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An event's time from its ISO-8601 text: epoch milliseconds and the UTC date ({@code yyyy-MM-dd}, the Silver
 * partition).
 *
 * <p>The simulator's form {@code 2026-01-01T00:00:00.123Z} is read by a hand-written path (the parse runs once per
 * event and {@code OffsetDateTime.parse} costs several times more); any other ISO-8601 date-time with an offset
 * ({@code 2026-01-01T01:00:00+01:00}, fewer or more fraction digits) goes through {@link OffsetDateTime#parse}. Sub-
 * millisecond digits are truncated.
 */
record EventTime(long epochMillis, String utcDate) {
    private static final int FAST_LENGTH = "2026-01-01T00:00:00.000Z".length();

    /** The time, or {@code null} when the text is not an ISO-8601 date-time with an offset. */
    static EventTime parse(String text) {
        if (text.length() == FAST_LENGTH && text.charAt(23) == 'Z') {
            EventTime fast = fastParse(text);
            if (fast != null) {
                return fast;
            }
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            long millis = instant.toEpochMilli();
            return new EventTime(
                    millis, instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static EventTime fastParse(String t) {
        if (t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(19) != '.') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = digits(t, 20, 3);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || millis < 0) {
            return null;
        }
        long epochDay = daysFromCivil(year, month, day);
        long epochMillis = ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
        return new EventTime(epochMillis, t.substring(0, 10));
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }
}
