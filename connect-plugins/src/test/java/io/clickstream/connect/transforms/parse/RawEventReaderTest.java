package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawEventReaderTest {
    private final RawEventReader reader = new RawEventReader(ParseClickEventConfig.DEFAULT_MAX_RECORD_BYTES);

    private Object priceOf(String json, boolean bytes) {
        String event = "{\"price\":" + json + "}";
        RawEvent raw = reader.read(bytes ? event.getBytes(StandardCharsets.UTF_8) : event);
        return raw.get(RawEvent.PRICE);
    }

    @Test
    void fractionsAreExactlyTheBigDecimalOfTheirTextScaleIncluded() {
        for (String text : List.of(
                "19.99",
                "0.5",
                "19.990",
                "-0.0",
                "-12.34",
                "0.000000000000000001",
                "123456789012345.678",
                "999999999999999999.9",
                "1.5e3",
                "1E-2",
                "-2.5E+2",
                "12345678901234567890.12")) {
            for (boolean bytes : new boolean[] {true, false}) {
                Object read = priceOf(text, bytes);
                assertThat(read)
                        .as("%s read from %s", text, bytes ? "bytes" : "a string")
                        .isInstanceOf(BigDecimal.class);
                BigDecimal decimal = (BigDecimal) read;
                assertThat(decimal.unscaledValue())
                        .as("unscaled value of %s", text)
                        .isEqualTo(new BigDecimal(text).unscaledValue());
                assertThat(decimal.scale()).as("scale of %s", text).isEqualTo(new BigDecimal(text).scale());
            }
        }
    }

    @Test
    void aStreamOfDistinctLongNamesCostsNoMoreAsItGoesOn() {
        // Jackson's symbol table kept every name read: each new parser copied all of them (minutes of CPU for these).
        String pad = "n".repeat(60_000);
        for (boolean bytes : new boolean[] {true, false}) {
            long start = System.nanoTime();
            for (int i = 0; i < 1_500; i++) {
                // Each rejected after Jackson has learnt its name: a nested value, a missing colon.
                String event = "{\"" + pad + i + (bytes ? "\":{}}" : "\" 1}");
                try {
                    reader.read(bytes ? event.getBytes(StandardCharsets.UTF_8) : event);
                } catch (InvalidEvent e) {
                    assertThat(e.getMessage())
                            .as("rejection of record %d", i)
                            .containsAnyOf("nested object", "malformed JSON");
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("1,500 records of distinct 60,000-character names, " + "from %s", bytes ? "bytes" : "text")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void integersAreLongsUpToTheLongRangeAndBigIntegersBeyond() {
        assertThat(priceOf("123456789012345678", true)).as("18 digits").isEqualTo(123456789012345678L);
        assertThat(priceOf("-9223372036854775808", true)).as("Long.MIN_VALUE").isEqualTo(Long.MIN_VALUE);
        assertThat(priceOf("9223372036854775807", false)).as("Long.MAX_VALUE").isEqualTo(Long.MAX_VALUE);
        assertThat(priceOf("9223372036854775808", true))
                .as("Long.MAX_VALUE + 1")
                .isEqualTo(new BigInteger("9223372036854775808"));
    }
}
