package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {

    private static String kind(String message) {
        return DeadLetterReason.kind(message, "org.apache.kafka.connect.errors.DataException");
    }

    @Test
    void theParseTransformsReasonsGroupByFieldAndReasonWithoutTheValues() {
        assertThat(kind("invalid click event: field 'price': must not be negative, got -1.00"))
                .isEqualTo("price: must not be negative")
                .isEqualTo(kind("invalid click event: field 'price': must not be negative, got -7"));
        assertThat(kind("invalid click event: field 'event_type': unknown event type 'teleport'"))
                .isEqualTo("event_type: unknown event type");
        assertThat(kind("invalid click event: field 'price': 12000.00 is over the limit of 10000 (max.amount)"))
                .isEqualTo("price: is over the limit of (max.amount)");
        assertThat(kind("invalid click event: field 'quantity': must be a whole number, got string \"2\""))
                .isEqualTo("quantity: must be a whole number");
        assertThat(kind("invalid click event: field 'timestamp': 2026-03-01T10:00:00Z is PT3H12M before the "
                        + "record's Kafka timestamp 2026-03-01T13:12:00Z, more than event.time.max.past.ms=10800000"))
                .isEqualTo(kind("invalid click event: field 'timestamp': 2026-02-01T09:00:00+01:00 is PT744H "
                        + "before the record's Kafka timestamp 2026-03-01T08:00:00Z, more than "
                        + "event.time.max.past.ms=10800000"))
                .startsWith("timestamp: is before the record's Kafka timestamp, more than event.time.max.pa");
        assertThat(kind("invalid click event: field '(record)': unreadable JSON: Unexpected character ('x' (code "
                        + "120)): was expecting double-quote"))
                .isEqualTo("(record): unreadable JSON");
        assertThat(kind("invalid click event: field 'event_type': unknown event type 'a: b'"))
                .as("a value holding the detail's separator")
                .isEqualTo("event_type: unknown event type");
        assertThat(kind("invalid click event: field 'currency': not an ISO 4217 currency code: 'it's'"))
                .as("a quote in a value")
                .isEqualTo("currency: not an ISO currency code");
        assertThat(kind("invalid click event: field 'event_type': unknown event type 'open"))
                .as("a quote left open")
                .isEqualTo("event_type: unknown event type");
        assertThat(kind("invalid click event: field 'page_url': invalid UTF-8 at byte 17: 0xff"))
                .as("a word with a digit in it stays")
                .isEqualTo("page_url: invalid UTF-8 at byte");
    }

    @Test
    void fieldsTheRecordNamesAreNotKeptAsKinds() {
        assertThat(kind("invalid click event: field 'a b c': unknown field whose name is not a valid column name"))
                .isEqualTo("unknown field whose name is not a valid column name")
                .isEqualTo(kind(
                        "invalid click event: field 'x-y': unknown field whose name is not a valid " + "column name"));
        assertThat(kind("invalid click event: field '" + "f".repeat(500) + "': is empty"))
                .as("a long field")
                .isEqualTo("(field): is empty");
    }

    @Test
    void otherReasonsKeepTheirTextUpToTheDetail() {
        assertThat(kind("Converting byte[] to Kafka Connect data failed due to serialization error: Unrecognized "
                        + "token 'abc'"))
                .isEqualTo("Converting byte[] to Kafka Connect data failed due to serialization error");
        assertThat(DeadLetterReason.kind(null, "org.apache.kafka.connect.errors.DataException"))
                .as("no message: the exception's class")
                .isEqualTo("DataException");
        assertThat(DeadLetterReason.kind("", null)).as("no header at all").isEqualTo("(no reason)");
        assertThat(kind("'only a value'")).isEqualTo("(value)");
    }

    @Test
    void kindsAreBoundedAndCarryNoControlCharacters() {
        String hostile = "invalid click event: field 'page_url': \u001b[2J\u001b[Hcleared\nforged line\r\t"
                + "x".repeat(100_000);

        String kind = kind(hostile);

        assertThat(kind)
                .hasSizeLessThanOrEqualTo(DeadLetterReason.MAX_CHARS)
                .doesNotContain("\u001b", "\n", "\r")
                .startsWith("page_url: \\u001b[\\u001b[Hcleared forged line xxx")
                .endsWith("…");
        assertThat(kind("x".repeat(1_000_000))).hasSize(DeadLetterReason.MAX_CHARS);
        assertThat(kind("right-to-left \u202e override")).isEqualTo("right-to-left \\u202e override");
    }
}
