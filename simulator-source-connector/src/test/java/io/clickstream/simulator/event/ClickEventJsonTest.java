package io.clickstream.simulator.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.contract.EventFields;
import io.clickstream.contract.EventFields.Device;
import io.clickstream.contract.EventFields.EventType;
import io.clickstream.simulator.ClickstreamSourceConfig;
import io.clickstream.simulator.Simulations;
import io.clickstream.simulator.StrictEventParser;
import io.clickstream.simulator.event.ClickEvent.Malformation;
import io.clickstream.simulator.model.TrafficModel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickEventJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ClickEvent purchase(Malformation malformation) {
        return new ClickEvent(
                "8d0f7a8e-4c1b-4b6f-9a53-1f2e3d4c5b6a",
                EventType.PURCHASE,
                1_767_225_600_123L,
                "user_7",
                "0b6f6c1e-2f43-4d8e-8a51-7e2b1c3d4e5f",
                "https://shop.example.com/checkout/confirmation",
                "https://shop.example.com/checkout",
                "73.12.4.5",
                "Mozilla/5.0 \"quoted\" \\ agent",
                Device.MOBILE,
                null,
                null,
                -1,
                3,
                null,
                12_905,
                "USD",
                "order-1",
                false,
                malformation);
    }

    @Test
    void writesOneLineOfJsonWithTheDeclaredFieldsAndTypes() throws Exception {
        String json = ClickEventJson.toJson(purchase(Malformation.NONE));
        assertThat(json).doesNotContain("\n");
        JsonNode node = MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        assertThat(node.get(EventFields.TIMESTAMP).asText()).isEqualTo("2026-01-01T00:00:00.123Z");
        assertThat(node.get(EventFields.REVENUE).decimalValue()).isEqualByComparingTo("129.05");
        assertThat(node.get(EventFields.QUANTITY).isInt()).isTrue();
        assertThat(node.get(EventFields.USER_AGENT).asText()).isEqualTo("Mozilla/5.0 \"quoted\" \\ agent");
        assertThat(node.has(EventFields.LATE)).isFalse();
        assertThat(node.fieldNames()).toIterable().allMatch(EventFields.ALL::contains);
        assertThat(StrictEventParser.problems(json)).isEmpty();
    }

    @Test
    void eachMalformationIsRejectedByAStrictParser() {
        for (Malformation m : Malformation.values()) {
            if (m != Malformation.NONE) {
                assertThat(StrictEventParser.problems(ClickEventJson.toJson(purchase(m))))
                        .as(m.name())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void generatedEventsAreAllValidWhenMalformedRecordsAreOff() {
        TrafficModel model = Simulations.model(Simulations.props(
                ClickstreamSourceConfig.LATE_EVENT_SHARE, "0.1", ClickstreamSourceConfig.DUPLICATE_SHARE, "0.1"));
        Map<EventType, Integer> seen = new EnumMap<>(EventType.class);
        for (int i = 0; i < 50_000; i++) {
            ClickEvent event = model.next();
            String json = ClickEventJson.toJson(event);
            assertThat(StrictEventParser.problems(json)).as(json).isEmpty();
            seen.merge(event.type(), 1, Integer::sum);
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void theMalformedShareOfRecordsFailsTheStrictParser() {
        TrafficModel model = Simulations.model(Simulations.props(ClickstreamSourceConfig.MALFORMED_SHARE, "0.1"));
        Map<Malformation, Integer> kinds = new EnumMap<>(Malformation.class);
        int rejected = 0;
        int total = 50_000;
        for (int i = 0; i < total; i++) {
            ClickEvent event = model.next();
            boolean bad =
                    !StrictEventParser.problems(ClickEventJson.toJson(event)).isEmpty();
            assertThat(bad).isEqualTo(event.isMalformed());
            if (bad) {
                rejected++;
                kinds.merge(event.malformation(), 1, Integer::sum);
            }
        }
        assertThat(rejected / (double) total).isBetween(0.09, 0.11);
        assertThat(kinds)
                .containsOnlyKeys(Malformation.TRUNCATED_JSON, Malformation.MISSING_FIELD, Malformation.WRONG_TYPE);
    }

    @Test
    void timestampsMatchTheJdkFormatter() {
        long[] samples = {
            0, 1, 999, 1_767_225_599_999L, 1_767_225_600_000L, 951_782_400_000L, 4_102_444_800_000L, 1_709_164_800_500L
        };
        for (long ms : samples) {
            String jdk = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.ofEpochMilli(ms));
            assertThat(Timestamps.iso(ms)).isEqualTo(jdk);
        }
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            long ms = (long) (random.nextDouble() * 4_102_444_800_000L);
            assertThat(java.time.Instant.parse(Timestamps.iso(ms)).toEpochMilli())
                    .isEqualTo(ms);
        }
    }

    @Test
    void eventTypesRoundTripTheirWireNames() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.fromWireName(type.wireName())).isSameAs(type);
        }
        assertThat(EventType.fromWireName("teleport")).isNull();
    }
}
