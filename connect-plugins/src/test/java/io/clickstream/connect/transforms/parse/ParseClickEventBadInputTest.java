package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.clickstream.connect.transforms.BadEventCorpus;
import io.clickstream.connect.transforms.BadEventCorpus.BadEvent;
import io.clickstream.connect.transforms.SimulatedEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every case of the bad-input corpus, as the record bytes the Silver connector's {@code ByteArrayConverter} hands
 * the transform (and, where the bytes are UTF-8, as the string {@code StringConverter} would): each is rejected with a
 * {@link DataException} whose message names the case's field and is short and storable.
 */
class ParseClickEventBadInputTest {
    private static final Instant KAFKA_TIME = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<BadEvent> CASES = BadEventCorpus.load();

    private final ParseClickEvent<SinkRecord> transform = new ParseClickEvent.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    @Test
    void everyCorpusCaseIsRejectedWithAReasonNamingItsField() {
        transform.configure(Map.of());
        for (BadEvent c : CASES) {
            byte[] value = c.value(KAFKA_TIME);
            Throwable thrown = catchThrowable(() -> transform.apply(SimulatedEvents.record(value, 0, KAFKA_TIME)));
            assertThat(thrown).as("rejection of %s", c).isInstanceOf(DataException.class);
            assertThat(thrown.getMessage()).as("reason of %s", c).contains("'" + c.field() + "'");
            ParseClickEventLimitsTest.assertStorable(thrown);
            if (!c.binary()) {
                String text = new String(value, StandardCharsets.UTF_8);
                Throwable asText = catchThrowable(() -> transform.apply(SimulatedEvents.record(text, 1, KAFKA_TIME)));
                assertThat(asText).as("rejection of %s as a string", c).isInstanceOf(DataException.class);
                assertThat(asText.getMessage())
                        .as("reason of %s as a string", c)
                        .contains("'" + c.field() + "'");
            }
        }
    }

    @Test
    void asciiBytesAreRejectedWithTheSameMessageAsTheirText() {
        // Pure ASCII bytes go to Jackson's byte parser, other input to its char parser: the same field and reason, bar
        // the parsers' own wording of a syntax error.
        transform.configure(Map.of());
        int ascii = 0;
        for (BadEvent c : CASES) {
            byte[] value = c.value(KAFKA_TIME);
            if (!StrictUtf8.ascii(value, 0, value.length)) {
                continue;
            }
            ascii++;
            String text = new String(value, StandardCharsets.US_ASCII);
            Throwable asBytes = catchThrowable(() -> transform.apply(SimulatedEvents.record(value, 0, KAFKA_TIME)));
            Throwable asText = catchThrowable(() -> transform.apply(SimulatedEvents.record(text, 0, KAFKA_TIME)));
            assertThat(asBytes).as("rejection of %s as bytes", c).isInstanceOf(DataException.class);
            assertThat(withoutJacksonWording(asBytes.getMessage()))
                    .as("reason of %s as bytes and as text", c)
                    .isEqualTo(withoutJacksonWording(asText.getMessage()));
        }
        assertThat(ascii).as("ASCII cases in the corpus").isGreaterThan(CASES.size() / 2);
    }

    private static String withoutJacksonWording(String message) {
        int syntax = message.indexOf("malformed JSON: ");
        return syntax < 0 ? message : message.substring(0, syntax + "malformed JSON".length());
    }
}
