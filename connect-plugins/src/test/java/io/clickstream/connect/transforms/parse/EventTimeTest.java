package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written path for the simulator's layout ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}) must accept and reject exactly
 * what {@link OffsetDateTime#parse} does, with the same instant and UTC date.
 */
class EventTimeTest {
    private static final long SEED = 20261128L;
    private static final String ALPHABET = "0123456789-:.TZtz+ 9";

    @Test
    void theFastLayoutGivesWhatTheGeneralParserGivesForValidTimes() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            // Years 0000-9999, every day of the proleptic calendar, every millisecond of the day.
            long epochMillis = -62_167_219_200_000L + (long) (random.nextDouble() * 315_537_897_600_000L);
            String fixed = fixedLayout(Instant.ofEpochMilli(epochMillis));
            assertThat(EventTime.parse(fixed))
                    .as("%s", fixed)
                    .isEqualTo(general(fixed))
                    .isEqualTo(new EventTime(epochMillis, fixed.substring(0, 10)));
        }
    }

    @Test
    void theFastLayoutRejectsWhatTheGeneralParserRejects() {
        Random random = new Random(SEED);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            char[] text = fixedLayout(Instant.ofEpochMilli(random.nextLong() % 4_102_444_800_000L))
                    .toCharArray();
            // One to three characters replaced (the final Z kept, so the fast path is the one asked): digits out of
            // range (month 13, day 31 of a short month, hour 24, Feb 29 of a common year), separators swapped, letters
            // and signs where digits belong.
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                text[random.nextInt(text.length - 1)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            String candidate = new String(text);
            EventTime expected = general(candidate);
            assertThat(EventTime.parse(candidate)).as("%s", candidate).isEqualTo(expected);
            rejected += expected == null ? 1 : 0;
        }
        assertThat(rejected).as("rejected candidates among the generated ones").isGreaterThan(5_000);
    }

    @Test
    void calendarEdgesOfTheFastLayoutMatchTheGeneralParser() {
        String[] edges = {
            "2024-02-29T00:00:00.000Z",
            "2025-02-29T00:00:00.000Z",
            "2000-02-29T12:00:00.000Z",
            "1900-02-29T12:00:00.000Z",
            "2026-04-31T00:00:00.000Z",
            "2026-12-31T23:59:59.999Z",
            "2026-12-31T24:00:00.000Z",
            "2026-06-30T23:59:60.000Z",
            "2026-00-10T00:00:00.000Z",
            "2026-01-00T00:00:00.000Z",
            "0000-01-01T00:00:00.000Z",
            "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00.000Z",
            "2026-01-01t00:00:00.000Z",
            "2026-01-01T00:00:00.000z",
            "+026-01-01T00:00:00.000Z",
            "2026-01-01T00:00:00,000Z",
            "2026-1-01T00:00:00.0000Z"
        };
        for (String edge : edges) {
            assertThat(EventTime.parse(edge)).as("%s", edge).isEqualTo(general(edge));
        }
        assertThat(EventTime.parse("2025-02-29T00:00:00.000Z"))
                .as("Feb 29 of a common year")
                .isNull();
    }

    /** What the general parser alone gives, as {@link EventTime} does it for any other layout. */
    private static EventTime general(String text) {
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return new EventTime(
                    instant.toEpochMilli(),
                    instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static String fixedLayout(Instant instant) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        return String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                t.getNano() / 1_000_000);
    }
}
