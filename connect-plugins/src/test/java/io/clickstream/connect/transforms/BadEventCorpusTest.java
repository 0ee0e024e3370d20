package io.clickstream.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.transforms.BadEventCorpus.BadEvent;
import io.clickstream.contract.EventFields;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The corpus itself: enough kinds, each naming a real field, the binary cases really binary. */
class BadEventCorpusTest {
    private static final List<BadEvent> CASES = BadEventCorpus.load();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

    @Test
    void theCorpusHoldsAtLeastFiftyKindsWithUniqueIds() {
        assertThat(CASES).as("cases").hasSizeGreaterThanOrEqualTo(50);
        assertThat(CASES.stream().map(BadEvent::id).collect(Collectors.toSet()))
                .as("distinct ids")
                .hasSize(CASES.size());
    }

    @Test
    void everyCaseNamesAnEventFieldTheWholeValueOrAFieldItHolds() {
        for (BadEvent c : CASES) {
            // An unknown field is named as the value writes it (escapes as JSON escapes, as the reason escapes them).
            boolean held = new String(c.value(NOW), StandardCharsets.UTF_8).contains("\"" + c.field() + "\":");
            assertThat(c.wholeValue() || EventFields.ALL.contains(c.field()) || held)
                    .as("field of %s", c)
                    .isTrue();
        }
        Set<String> named = CASES.stream().map(BadEvent::field).collect(Collectors.toSet());
        assertThat(named)
                .as("fields the corpus breaks")
                .contains(
                        BadEventCorpus.WHOLE_VALUE,
                        EventFields.EVENT_ID,
                        EventFields.EVENT_TYPE,
                        EventFields.TIMESTAMP,
                        EventFields.PRICE,
                        EventFields.QUANTITY,
                        EventFields.REVENUE,
                        EventFields.CURRENCY,
                        EventFields.IP_ADDRESS,
                        EventFields.PAGE_URL,
                        EventFields.USER_AGENT);
    }

    @Test
    void binaryCasesHoldInvalidUtf8OrRawControlBytes() {
        List<BadEvent> binary = CASES.stream().filter(BadEvent::binary).toList();
        assertThat(binary).as("binary cases").hasSizeGreaterThanOrEqualTo(5);
        for (BadEvent c : binary) {
            byte[] value = c.value(NOW);
            boolean controlByte = false;
            for (byte b : value) {
                controlByte |= b >= 0 && b < 0x20;
            }
            assertThat(controlByte || !validUtf8(value))
                    .as("%s is binary for a reason", c)
                    .isTrue();
        }
    }

    @Test
    void templatesRenderTheTimeAndTheRepeatedValues() {
        BadEvent megabyte = CASES.stream()
                .filter(c -> c.id().equals("one-megabyte-user-agent"))
                .findFirst()
                .orElseThrow();
        byte[] value = megabyte.value(NOW);
        assertThat(value.length)
                .as("1 MB case, below Kafka's default 1 MiB record limit with room for DLQ headers")
                .isBetween(1_000_000, 1_000_000 + 2_000);
        assertThat(new String(value, StandardCharsets.UTF_8))
                .as("rendered time")
                .contains("\"2026-03-01T12:00:00.123Z\"")
                .doesNotContain("{{");
        for (BadEvent c : CASES) {
            assertThat(new String(c.value(NOW), StandardCharsets.ISO_8859_1))
                    .as("placeholders left in %s", c)
                    .doesNotContain("{{now}}", "{{repeat");
        }
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
