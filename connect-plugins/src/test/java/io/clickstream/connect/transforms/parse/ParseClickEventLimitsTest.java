package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.text.Quoted;
import io.clickstream.connect.text.TextChecks;
import io.clickstream.connect.transforms.SimulatedEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No single record stops the parse or breaks what comes after it: huge and tiny exponents are rejected before any
 * arithmetic, lone surrogates are rejected wherever they are, and every reason is short and storable whatever the
 * input quotes.
 */
class ParseClickEventLimitsTest {
    private static final Instant KAFKA_TIME = Instant.parse("2026-01-01T01:00:00Z");
    private static final String VIEW = "{\"event_id\":\"e-2\",\"event_type\":\"product_view\","
            + "\"timestamp\":\"2026-01-01T00:59:00.039Z\",\"user_id\":\"u\",\"session_id\":\"s\","
            + "\"page_url\":\"https://shop.example.com/p/P1\",\"referrer\":\"\",\"ip_address\":\"10.1.2.3\","
            + "\"user_agent\":\"ua\",\"device\":\"mobile\",\"product_id\":\"P1\",\"category\":\"toys\",\"price\":19.79,"
            + "\"quantity\":1}";
    /** Far more than a bounded rejection takes; far less than 1e-20000000 took when it was rescaled. */
    private static final long BUDGET_NANOS = 500_000_000L;

    private final ParseClickEvent<SinkRecord> transform = new ParseClickEvent.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    /** The view event as a map, as JsonConverter without schemas would give it. */
    private static Map<String, Object> view() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = new ObjectMapper().readValue(VIEW, LinkedHashMap.class);
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse the view event's JSON", e);
        }
    }

    private InvalidEvent rejection(Object value, String... config) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        transform.configure(props);
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> transform.apply(SimulatedEvents.record(value, 7, KAFKA_TIME)));
        long took = System.nanoTime() - start;
        assertThat(thrown).as("rejection of %s", abbreviated(value)).isInstanceOf(InvalidEvent.class);
        assertThat(took).as("nanoseconds to reject %s", abbreviated(value)).isLessThan(BUDGET_NANOS);
        assertStorable(thrown);
        return (InvalidEvent) thrown;
    }

    /** The message is short, valid UTF-16 (so valid UTF-8) without control characters, and so is every cause's. */
    static void assertStorable(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertThat(message.length())
                    .as("length of the message %s", abbreviated(message))
                    .isLessThanOrEqualTo(1000);
            assertThat(TextChecks.hasControlCharacter(message))
                    .as("control character in %s", message)
                    .isFalse();
            assertThat(TextChecks.loneSurrogate(message))
                    .as("lone surrogate in %s", message)
                    .isEqualTo(-1);
        }
    }

    private static String abbreviated(Object value) {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Test
    void hugeAndTinyExponentsAreRejectedAtOnceNamingTheField() {
        for (String number : List.of(
                "1e-20000000",
                "1e600000000",
                "-1E-20000000",
                "1.5e+999999999999999999999",
                "0e-99999999",
                "1e501",
                "1e-501")) {
            for (String field : List.of("price", "quantity", "score")) {
                String json = VIEW.replace(
                        "\"" + field + "\":" + (field.equals("price") ? "19.79" : "1"), "\"" + field + "\":" + number);
                if (field.equals("score")) {
                    json = VIEW.replace("}", ",\"score\":" + number + "}");
                }
                for (Object value : List.of(json, json.getBytes(StandardCharsets.UTF_8))) {
                    InvalidEvent e = rejection(value);
                    assertThat(e.field()).as("field of %s", number).isEqualTo(field);
                    assertThat(e.getMessage()).as("reason of %s", number).contains("out of range");
                }
            }
        }
    }

    @Test
    void numbersAtTheEdgesOfADoubleAreStillRead() {
        transform.configure(Map.of());
        for (String number : List.of("1e308", "4.9e-324", "-0", "-0.0", "1e-500", "-1.7976931348623157e308")) {
            Struct event = (Struct) transform
                    .apply(SimulatedEvents.record(VIEW.replace("}", ",\"score\":" + number + "}"), 1, KAFKA_TIME))
                    .value();
            assertThat(event.schema().field("score"))
                    .as("score column of %s", number)
                    .isNotNull();
        }
    }

    @Test
    void decodedNumbersAreHeldToTheSameBounds() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("score", new java.math.BigDecimal("1e-20000000"));
        InvalidEvent e = rejection(map);
        assertThat(e.field()).as("field").isEqualTo("score");
        assertThat(e.getMessage()).as("reason").contains("out of range");
        map.put("score", java.math.BigInteger.TEN.pow(100));
        assertThat(rejection(map).getMessage())
                .as("a whole number of 101 digits")
                .contains("out of range");
    }

    @Test
    void reasonsAreBoundedAndStorableWhateverTheInputQuotes() {
        String longName = "coupon\u0000\u001b[31m\u0085\u2028\u202e" + "x".repeat(10_000);
        InvalidEvent name = rejection(VIEW.replace(
                "}", ",\"" + longName.replace("\u0000", "\\u0000").replace("\u001b", "\\u001b") + "\":\"v\"}"));
        assertThat(name.field())
                .as("the field, escaped and cut")
                .startsWith("coupon\\u0000\\u001b[31m\\u0085\\u2028\\u202e")
                .hasSizeLessThanOrEqualTo(Quoted.MAX_FIELD_CHARS);

        String longType = VIEW.replace("\"product_view\"", "\"" + "\u00e9".repeat(60_000) + "\"");
        InvalidEvent type = rejection(
                longType,
                ParseClickEventConfig.MAX_STRING_LENGTH,
                "65536",
                ParseClickEventConfig.MAX_RECORD_BYTES,
                "1048576");
        assertThat(type.getMessage())
                .as("a 60,000-character event type, quoted")
                .contains("unknown event type '\u00e9");

        // A raw lone surrogate and a NUL where Jackson reports them itself, in its own words.
        InvalidEvent jackson = rejection(VIEW.replace("}", " \ud800\u0000}"));
        assertThat(jackson.getMessage()).as("Jackson's message, escaped").contains("malformed JSON");
        assertThat(jackson.getCause())
                .as("no cause quoting the input unchecked")
                .isNull();

        InvalidEvent truncated = rejection(VIEW.substring(0, VIEW.length() - 10) + "\u0000");
        assertThat(truncated.getMessage()).as("Jackson's message on a NUL").doesNotContain("\u0000");
    }

    @Test
    void aLoneSurrogateIsRejectedInValuesAndNamesFromEveryInputType() {
        for (String escape : List.of("caf\\ud800", "\\udc00", "\\ud83dx", "x\\ud800\\ud800", "\\udbff")) {
            String json = VIEW.replace("\"toys\"", "\"" + escape + "\"");
            for (Object value : List.of(json, json.getBytes(StandardCharsets.UTF_8))) {
                InvalidEvent e = rejection(value);
                assertThat(e.field()).as("field of %s", escape).isEqualTo("category");
                assertThat(e.getMessage()).as("reason of %s", escape).contains("lone surrogate");
            }
        }
        String inName = VIEW.replace("}", ",\"coupon\\ud800\":\"x\"}");
        for (String unknownFields : List.of("keep", "drop")) {
            InvalidEvent e = rejection(
                    inName.getBytes(StandardCharsets.UTF_8), ParseClickEventConfig.UNKNOWN_FIELDS, unknownFields);
            assertThat(e.field()).as("the name, escaped").isEqualTo("coupon\\ud800");
            assertThat(e.getMessage()).as("reason").contains("lone surrogate");
        }

        Map<String, Object> map = view();
        map.put("category", "toys\udc00");
        assertThat(rejection(map).field()).as("in a map's value").isEqualTo("category");
        Map<String, Object> withName = view();
        withName.put("coupon\ud800", "x");
        assertThat(rejection(withName).field()).as("in a map's key").isEqualTo("coupon\\ud800");

        SchemaBuilder builder = SchemaBuilder.struct();
        view().forEach((name, value) -> builder.field(
                name,
                value instanceof String
                        ? Schema.STRING_SCHEMA
                        : value instanceof Integer ? Schema.INT32_SCHEMA : Schema.FLOAT64_SCHEMA));
        Struct struct = new Struct(builder.build());
        view().forEach(struct::put);
        struct.put("category", "\ud800");
        assertThat(rejection(struct).field()).as("in a struct's value").isEqualTo("category");
    }
}
