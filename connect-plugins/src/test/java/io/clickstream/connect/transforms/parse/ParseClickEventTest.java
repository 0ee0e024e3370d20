package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.transforms.SimulatedEvents;
import io.clickstream.contract.EventFields.EventType;
import io.clickstream.contract.SilverFields;
import io.clickstream.contract.SilverSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParseClickEventTest {
    private static final Instant KAFKA_TIME = SimulatedEvents.CLOCK_START.plusSeconds(3600);
    private static final String PURCHASE = "{\"event_id\":\"e-1\",\"event_type\":\"purchase\","
            + "\"timestamp\":\"2026-01-01T00:30:00.123Z\",\"user_id\":\"user_1\",\"session_id\":\"s-1\","
            + "\"page_url\":\"https://shop.example.com/checkout/confirmation?utm_source=news%20letter&utm_medium=email"
            + "&utm_campaign=winter\",\"referrer\":\"https://WWW.Google.com/search?q=x\",\"ip_address\":\"91.177.75.8\","
            + "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"device\":\"desktop\",\"quantity\":2,"
            + "\"revenue\":19.9,\"currency\":\"usd\",\"order_id\":\"o-1\"}";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ParseClickEvent<SinkRecord> transform = new ParseClickEvent.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    private Struct parse(Object value, String... config) {
        Map<String, String> props = new HashMap<>();
        props.put(ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS, Long.toString(86_400_000L));
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        transform.configure(props);
        SinkRecord out = transform.apply(SimulatedEvents.record(value, 42, KAFKA_TIME));
        assertThat(out.valueSchema()).as("the value schema is the struct's").isSameAs(((Struct) out.value()).schema());
        return (Struct) out.value();
    }

    private static String with(String field, Object value) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.readValue(PURCHASE, LinkedHashMap.class);
        if (value == REMOVE) {
            map.remove(field);
        } else {
            map.put(field, value);
        }
        return MAPPER.writeValueAsString(map);
    }

    private static String with(Map<String, Object> changes) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.readValue(PURCHASE, LinkedHashMap.class);
        map.putAll(changes);
        return MAPPER.writeValueAsString(map);
    }

    private static final Object REMOVE = new Object();

    private void assertRejected(Object value, String field, String reason) {
        assertThatThrownBy(() -> parse(value))
                .as("rejection of %s", value)
                .isInstanceOf(InvalidEvent.class)
                .hasMessageContaining("field '" + field + "'")
                .hasMessageContaining(reason)
                .satisfies(
                        e -> assertThat(((InvalidEvent) e).field()).as("field").isEqualTo(field));
    }

    @Test
    void aPurchaseBecomesATypedNormalisedStructWithDateAndLineage() {
        Struct event = parse(PURCHASE);

        assertThat(event.schema().fields())
                .extracting(f -> f.name())
                .as("every Silver column, in table order")
                .containsExactlyElementsOf(SilverFields.ALL);
        assertThat(event.get(SilverFields.COUNTRY_ISO))
                .as("enrichment columns left to the enrichments")
                .isNull();
        assertThat(event.getString(SilverFields.EVENT_TYPE)).as("event type").isEqualTo("purchase");
        assertThat(event.get(SilverFields.EVENT_TIME))
                .as("event time")
                .isEqualTo(Date.from(Instant.parse("2026-01-01T00:30:00.123Z")));
        assertThat(event.getString(SilverFields.EVENT_DATE)).as("event date").isEqualTo("2026-01-01");
        assertThat(event.get(SilverFields.REVENUE))
                .as("revenue as Decimal(18,2)")
                .isEqualTo(new BigDecimal("19.90"));
        assertThat(event.getInt32(SilverFields.QUANTITY)).as("quantity").isEqualTo(2);
        assertThat(event.getString(SilverFields.CURRENCY))
                .as("currency upper-cased")
                .isEqualTo("USD");
        assertThat(event.getString(SilverFields.PAGE_PATH)).as("page path").isEqualTo("/checkout/confirmation");
        assertThat(event.getString(SilverFields.UTM_SOURCE))
                .as("utm_source decoded")
                .isEqualTo("news letter");
        assertThat(event.getString(SilverFields.UTM_MEDIUM)).as("utm_medium").isEqualTo("email");
        assertThat(event.getString(SilverFields.UTM_CAMPAIGN))
                .as("utm_campaign")
                .isEqualTo("winter");
        assertThat(event.getString(SilverFields.REFERRER_HOST))
                .as("referrer host")
                .isEqualTo("www.google.com");
        assertThat(event.get(SilverFields.PRICE)).as("no price on a purchase").isNull();
        assertThat(event.getString(SilverFields.KAFKA_TOPIC)).as("topic").isEqualTo(SimulatedEvents.TOPIC);
        assertThat(event.getInt32(SilverFields.KAFKA_PARTITION)).as("partition").isZero();
        assertThat(event.getInt64(SilverFields.KAFKA_OFFSET)).as("offset").isEqualTo(42L);
        assertThat(event.get(SilverFields.KAFKA_TIMESTAMP))
                .as("kafka timestamp")
                .isEqualTo(Date.from(KAFKA_TIME));
        event.validate();
    }

    @Test
    void everyEventTypeTheSimulatorSendsParses() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        boolean ipv6 = false;
        boolean late = false;
        for (String json : SimulatedEvents.json(20_000, "late.event.share", "0.02", "duplicate.share", "0.05")) {
            Struct event = parse(json);
            event.validate();
            seen.add(EventType.fromWireName(event.getString(SilverFields.EVENT_TYPE)));
            ipv6 |= event.getString(SilverFields.IP_ADDRESS).contains(":");
            late |= Boolean.TRUE.equals(event.getBoolean(SilverFields.LATE));
        }
        assertThat(seen).as("event types seen").containsExactlyInAnyOrder(EventType.values());
        assertThat(ipv6).as("an IPv6 address was among them").isTrue();
        assertThat(late).as("a late event was among them").isTrue();
    }

    @Test
    void everyMalformedRecordOfTheSimulatorIsRejected() {
        int rejected = 0;
        List<String> events = SimulatedEvents.json(5_000, "malformed.share", "0.2");
        for (String json : events) {
            try {
                parse(json);
            } catch (InvalidEvent e) {
                rejected++;
            }
        }
        assertThat(rejected)
                .as("rejected of %d with malformed.share=0.2", events.size())
                .isBetween(800, 1200);
    }

    @Test
    void bytesMapsAndStructsParseLikeText() throws Exception {
        Struct fromText = parse(PURCHASE);
        Struct fromBytes = parse(PURCHASE.getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.readValue(PURCHASE, LinkedHashMap.class);
        Struct fromMap = parse(map);
        SchemaBuilder builder = SchemaBuilder.struct();
        map.forEach((name, value) -> builder.field(
                name,
                value instanceof String
                        ? Schema.STRING_SCHEMA
                        : value instanceof Integer ? Schema.INT32_SCHEMA : Schema.FLOAT64_SCHEMA));
        Schema schema = builder.build();
        Struct input = new Struct(schema);
        map.forEach(input::put);
        Struct fromStruct = parse(input);

        assertThat(fromBytes).as("from bytes").isEqualTo(fromText);
        assertThat(fromMap).as("from a map").isEqualTo(fromText);
        assertThat(fromStruct).as("from a struct").isEqualTo(fromText);
    }

    @Test
    void ipv6AndOffsetTimesAreAccepted() throws Exception {
        Struct event = parse(with("ip_address", "2a01:cb19:3f:a593:2f89:4b5c:a828:25bf"));
        assertThat(event.getString(SilverFields.IP_ADDRESS))
                .as("IPv6")
                .isEqualTo("2a01:cb19:3f:a593:2f89:4b5c:a828:25bf");

        Struct offset = parse(with("timestamp", "2026-01-01T01:30:00+01:00"));
        assertThat(offset.get(SilverFields.EVENT_TIME))
                .as("offset time in UTC")
                .isEqualTo(Date.from(Instant.parse("2026-01-01T00:30:00Z")));
    }

    @Test
    void aForwardedForListAPortOrBracketsKeepTheEventWithTheClientsAddress() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("203.0.113.7, 10.0.0.1", "203.0.113.7");
        sent.put(" 91.177.75.8 ,10.0.0.1,172.16.0.1", "91.177.75.8");
        sent.put("1.2.3.4:5678", "1.2.3.4");
        sent.put("[2001:db8::1]", "2001:db8::1");
        sent.put("[2001:db8::1]:443", "2001:db8::1");
        sent.put("[2001:db8::1]:443, 10.0.0.1", "2001:db8::1");
        sent.put("2001:db8::1, 10.0.0.1", "2001:db8::1");
        sent.put("::ffff:10.0.0.1", "::ffff:10.0.0.1");
        for (Map.Entry<String, String> e : sent.entrySet()) {
            assertThat(parse(with("ip_address", e.getKey())).getString(SilverFields.IP_ADDRESS))
                    .as("stored address of '%s'", e.getKey())
                    .isEqualTo(e.getValue());
        }
        String longList = "91.177.75.8" + ", 10.0.0.1".repeat(20);
        assertThat(parse(with("ip_address", longList)).getString(SilverFields.IP_ADDRESS))
                .as("a list of 21")
                .isEqualTo("91.177.75.8");

        assertRejected(with("ip_address", "1.2.3.4:65536"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "[1.2.3.4]"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "[2001:db8::1"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "[2001:db8::1]x"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "unknown, 1.2.3.4"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", ", 1.2.3.4"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "1.2.3.4:"), "ip_address", "not an IPv4 or IPv6 address");
    }

    @Test
    void urlsAsBrowsersSendThemAreAccepted() throws Exception {
        String search = "https://shop.example.com/search?q=a|b&x=a^b&f={}&s=red shoes&filter[color]=red"
                + "&utm_source=news letter|x&utm_campaign=a[1]#top";
        Struct unescaped = parse(with("page_url", search));
        assertThat(unescaped.getString(SilverFields.PAGE_URL))
                .as("page URL as sent")
                .isEqualTo(search);
        assertThat(unescaped.getString(SilverFields.PAGE_PATH)).as("path").isEqualTo("/search");
        assertThat(unescaped.getString(SilverFields.UTM_SOURCE))
                .as("utm_source decoded")
                .isEqualTo("news letter|x");
        assertThat(unescaped.getString(SilverFields.UTM_CAMPAIGN))
                .as("utm_campaign")
                .isEqualTo("a[1]");

        assertThat(parse(with("page_url", "https://shop.example.com/p/P1 00/{x}|y^z"))
                        .getString(SilverFields.PAGE_PATH))
                .as("a path with characters RFC 2396 refuses, percent-encoded")
                .isEqualTo("/p/P1%2000/%7Bx%7D%7Cy%5Ez");
        assertThat(parse(with("page_url", "https://shop.example.com/a#x#y")).getString(SilverFields.PAGE_PATH))
                .as("a fragment holding '#'")
                .isEqualTo("/a");

        Struct underscore = parse(with(Map.of(
                "page_url", "https://my_shop.example.com:8443/cart", "referrer", "https://Ads_1.example.net/c?id=1")));
        assertThat(underscore.getString(SilverFields.PAGE_PATH))
                .as("path on a host with '_'")
                .isEqualTo("/cart");
        assertThat(underscore.getString(SilverFields.REFERRER_HOST))
                .as("referrer host with '_'")
                .isEqualTo("ads_1.example.net");
    }

    @Test
    void credentialsInAUrlAreNotStored() throws Exception {
        Struct event = parse(with(Map.of(
                "page_url",
                "https://user:pass@shop.example.com/cart?utm_source=x",
                "referrer",
                "http://me:s3cr%40t@www.Google.com/search?q=x@y")));
        assertThat(event.getString(SilverFields.PAGE_URL))
                .as("page URL without user-info")
                .isEqualTo("https://shop.example.com/cart?utm_source=x");
        assertThat(event.getString(SilverFields.UTM_SOURCE)).as("utm_source").isEqualTo("x");
        assertThat(event.getString(SilverFields.REFERRER))
                .as("referrer without user-info")
                .isEqualTo("http://www.Google.com/search?q=x@y");
        assertThat(event.getString(SilverFields.REFERRER_HOST))
                .as("referrer host")
                .isEqualTo("www.google.com");
        assertThat(parse(with("page_url", "https://user@shop.example.com")).getString(SilverFields.PAGE_URL))
                .as("user name only")
                .isEqualTo("https://shop.example.com");
    }

    @Test
    void pageUrlAndReferrerMustBeHttpUrlsWithAHost() throws Exception {
        for (String scheme : List.of(
                "javascript:alert(1)",
                "data:text/html,<b>x</b>",
                "vbscript:msgbox(1)",
                "android-app://com.google.android.gm",
                "ftp://files.example.com/a",
                "//shop.example.com/a",
                "/relative")) {
            assertRejected(with("referrer", scheme), "referrer", "not an absolute http(s) URL");
            assertRejected(with("page_url", scheme), "page_url", "not an absolute http(s) URL");
        }
        assertRejected(with("page_url", "https:///cart"), "page_url", "URL without a host");
        assertRejected(with("referrer", "https://user:pass@/cart"), "referrer", "URL without a host");
        assertRejected(with("referrer", "https://exa mple.com/"), "referrer", "not a valid URL");
    }

    @Test
    void everyRejectionNamesTheFieldAndTheReason() throws Exception {
        assertRejected("{\"event_id\":\"e-1\"", "event_id", "malformed JSON");
        assertRejected("{\"event_id", "(record)", "malformed JSON");
        assertRejected("{\"event_id\":\"e-", "event_id", "malformed JSON");
        assertRejected("[1,2]", "(record)", "not a JSON object");
        assertRejected("{} {}", "(record)", "content after the JSON object");
        assertRejected("{\"event_id\":\"a\",\"event_id\":\"b\"}", "event_id", "duplicate key");
        assertRejected(PURCHASE.replace("\"quantity\":2", "\"quantity\":NaN"), "quantity", "malformed JSON");
        assertRejected(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "a",
                "invalid UTF-8 at byte 6: C3");
        assertRejected(with("event_type", "teleport"), "event_type", "unknown event type 'teleport'");
        assertRejected(with("event_type", REMOVE), "event_type", "is missing");
        assertRejected(with("event_type", true), "event_type", "must be a string, got a boolean");
        assertRejected(with("session_id", "  "), "session_id", "is empty");
        assertRejected(with("user_id", null), "user_id", "is null");
        assertRejected(with("timestamp", "yesterday"), "timestamp", "not an ISO-8601");
        assertRejected(with("timestamp", "2026-02-30T00:00:00.000Z"), "timestamp", "not an ISO-8601");
        assertRejected(
                with("timestamp", "2025-01-01T00:00:00.000Z"), "timestamp", "before the record's Kafka timestamp");
        assertRejected(
                with("timestamp", "2027-01-01T00:00:00.000Z"), "timestamp", "after the record's Kafka timestamp");
        assertRejected(with("page_url", "not a url"), "page_url", "not an absolute http(s) URL");
        assertRejected(with("page_url", "https://exa mple.com/"), "page_url", "not a valid URL");
        assertRejected(with("page_url", "ftp://x.example/a"), "page_url", "not an absolute http(s) URL");
        assertRejected(with("page_url", "https://x.example/?utm_source=%zz"), "page_url", "Malformed escape pair");
        assertRejected(with("page_url", "https://x.example/?utm_source=a%0Ab"), "page_url", "control character");
        assertRejected(with("referrer", REMOVE), "referrer", "is missing");
        assertRejected(with("referrer", "/relative"), "referrer", "not an absolute http(s) URL");
        assertRejected(with("ip_address", "999.1.1.1"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "localhost"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "fe80::1%eth0"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(with("ip_address", "1:2:3:4:5:6:7:8:9"), "ip_address", "not an IPv4 or IPv6 address");
        assertRejected(
                with("device", "fridge"),
                "device",
                "unknown device 'fridge', expected one of [desktop, mobile, tablet, bot]");
        assertRejected(with("user_id", "a\u0000b"), "user_id", "control character");
        assertRejected(with("user_id", "x".repeat(300)), "user_id", "300 characters, longer than the limit of 256");
        assertRejected(with("quantity", 0), "quantity", "outside 1..1000");
        assertRejected(with("quantity", 1.5), "quantity", "must be a whole number");
        assertRejected(with("quantity", "2"), "quantity", "must be a whole number, got a string");
        assertRejected(with("quantity", REMOVE), "quantity", "is missing");
        assertRejected(with("revenue", -1), "revenue", "must not be negative, got -1");
        assertRejected(with("revenue", new BigDecimal("1e30")), "revenue", "over the limit");
        assertRejected(with("revenue", 1.234), "revenue", "more than 2 fraction digits");
        assertRejected(with("revenue", "19.90"), "revenue", "must be a number, got a string");
        assertRejected(with("currency", "EURO"), "currency", "not an ISO 4217 currency code");
        assertRejected(with("order_id", REMOVE), "order_id", "is missing");
        assertRejected(with("late", "yes"), "late", "must be a boolean");
        assertRejected(with("coupon", Map.of("code", "x")), "coupon", "nested object");
        assertRejected(with("coupon", List.of(1)), "coupon", "nested array");
        assertRejected(with("Bad-Name", "x"), "Bad-Name", "not a valid column name");
        assertRejected(with("event_date", "2026-01-01"), "event_date", "named like a Silver column");
        assertRejected(with("padding", "x".repeat(70_000)), "(record)", "more than the limit of 65536");
        assertRejected(null, "(record)", "is null");
        assertRejected(PURCHASE.replace("\"revenue\":19.9", "\"revenue\":1e400"), "revenue", "over the limit");
        assertRejected(
                PURCHASE.replace("\"quantity\":2", "\"quantity\":" + "9".repeat(60)), "quantity", "malformed JSON");
    }

    @Test
    void onlyStrictUtf8IsAcceptedAndTheRejectionNamesTheFieldAndTheBytes() throws Exception {
        String multilingual = "caf\u00e9 \u2615 \ud834\udd1e \u4e2d\u6587";
        assertThat(parse(with("search_query", multilingual).getBytes(StandardCharsets.UTF_8))
                        .getString(SilverFields.SEARCH_QUERY))
                .as("two-, three- and four-byte characters")
                .isEqualTo(multilingual);

        assertRejected(
                withBytes("page_url", "https://shop.example.com", new int[] {0xC0, 0xAF}, "cart"),
                "page_url",
                "invalid UTF-8 at byte ");
        assertRejected(
                withBytes("page_url", "https://shop.example.com", new int[] {0xC0, 0xAF}, "cart"),
                "page_url",
                ": C0 AF is not a well-formed sequence");
        assertRejected(
                withBytes("referrer", "https://x.example", new int[] {0xE0, 0x80, 0xAF}, "a"), "referrer", ": E0 80");
        assertRejected(
                withBytes("user_agent", "Mozilla ", new int[] {0xED, 0xA0, 0x80}, ""), "user_agent", "invalid UTF-8");
        assertRejected(withBytes("user_id", "u", new int[] {0xF4, 0x90, 0x80, 0x80}, ""), "user_id", "invalid UTF-8");
        assertRejected(withBytes("user_id", "u", new int[] {0xE2, 0x82}, ""), "user_id", "invalid UTF-8");
        byte[] badName = PURCHASE.replace("\"order_id\"", "\"order_\u0001\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < badName.length; i++) {
            if (badName[i] == 1) {
                badName[i] = (byte) 0xFF;
            }
        }
        assertRejected(badName, "(record)", "invalid UTF-8");
    }

    /** The event's bytes with {@code field} set to {@code before}, the raw bytes, then {@code after}. */
    private static byte[] withBytes(String field, String before, int[] raw, String after) throws Exception {
        String marked = with(field, before + "\u0001" + after);
        byte[] text = marked.replace("\\u0001", "\u0001").getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (text[at] != 1) {
            at++;
        }
        byte[] out = new byte[text.length - 1 + raw.length];
        System.arraycopy(text, 0, out, 0, at);
        for (int i = 0; i < raw.length; i++) {
            out[at + i] = (byte) raw[i];
        }
        System.arraycopy(text, at + 1, out, at + raw.length, text.length - at - 1);
        return out;
    }

    @Test
    void lateIsTrueOrNull() throws Exception {
        assertThat(parse(with("late", true)).getBoolean(SilverFields.LATE))
                .as("late")
                .isTrue();
        assertThat(parse(with("late", false)).getBoolean(SilverFields.LATE))
                .as("explicitly on time")
                .isNull();
        assertThat(parse(PURCHASE).getBoolean(SilverFields.LATE))
                .as("not marked")
                .isNull();
    }

    @Test
    void productEventsNeedTheirProductAndSearchesTheirQuery() throws Exception {
        String view =
                "{\"event_id\":\"e-2\",\"event_type\":\"product_view\",\"timestamp\":\"2026-01-01T00:00:00.039Z\","
                        + "\"user_id\":\"u\",\"session_id\":\"s\",\"page_url\":\"https://shop.example.com/p/P1\",\"referrer\":\"\","
                        + "\"ip_address\":\"10.1.2.3\",\"user_agent\":\"ua\",\"device\":\"MOBILE\",\"product_id\":\"P1\","
                        + "\"category\":\"toys\",\"price\":19.79}";
        Struct event = parse(view);
        assertThat(event.get(SilverFields.PRICE)).as("price").isEqualTo(new BigDecimal("19.79"));
        assertThat(event.getString(SilverFields.DEVICE))
                .as("device lower-cased")
                .isEqualTo("mobile");
        assertThat(event.getString(SilverFields.REFERRER))
                .as("direct traffic has no referrer")
                .isNull();
        assertThat(event.getString(SilverFields.REFERRER_HOST))
                .as("nor a referrer host")
                .isNull();

        assertRejected(view.replace(",\"price\":19.79", ""), "price", "is missing");
        assertRejected(view.replace("\"price\":19.79", "\"price\":-0.01"), "price", "must not be negative");
        assertRejected(
                view.replace("\"event_type\":\"product_view\"", "\"event_type\":\"search\""),
                "search_query",
                "is missing");
    }

    @Test
    void unknownFieldsBecomeTypedColumnsOrAreDropped() throws Exception {
        String extended = with("coupon", "WINTER").replace("}", ",\"items\":3,\"score\":0.5,\"gift\":true}");
        Struct kept = parse(extended);
        assertThat(kept.schema().field("coupon").schema()).as("string column").isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(kept.schema().field("items").schema()).as("int64 column").isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(kept.schema().field("score").schema())
                .as("float64 column")
                .isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(kept.get("gift")).as("boolean value").isEqualTo(true);
        Struct again = (Struct) transform
                .apply(SimulatedEvents.record(extended, 43, KAFKA_TIME))
                .value();
        assertThat(again.schema()).as("one schema per field set").isSameAs(kept.schema());

        Struct dropped = parse(extended, ParseClickEventConfig.UNKNOWN_FIELDS, "drop");
        assertThat(dropped.schema()).as("dropped").isEqualTo(SilverSchema.EVENT);
    }

    @Test
    void unknownFieldsAreColumnsNamedInLowerCaseSoEverySpellingIsOneColumn() throws Exception {
        Struct upper = parse(with("Coupon", "A"));
        Struct lower = (Struct) transform
                .apply(SimulatedEvents.record(with("coupon", "B"), 43, KAFKA_TIME))
                .value();
        assertThat(upper.schema().field("coupon")).as("Coupon's column").isNotNull();
        assertThat(upper.schema().field("Coupon"))
                .as("no column in the sender's case")
                .isNull();
        assertThat(lower.schema())
                .as("Coupon and coupon: one column, one schema")
                .isSameAs(upper.schema());
        assertThat(upper.getString("coupon")).as("value of Coupon").isEqualTo("A");
    }

    @Test
    void anUnknownFieldBreakingAColumnRuleDeadLettersTheRecordByDefault() throws Exception {
        assertRejected(
                with("Event_Type", "purchase"),
                "Event_Type",
                "named like a Silver column or event field " + "'event_type'");
        assertRejected(with("KAFKA_OFFSET", 1), "KAFKA_OFFSET", "named like a Silver column");
        assertRejected(with("Country_ISO", "FR"), "Country_ISO", "named like a Silver column");
        assertRejected(with("TimeStamp", "x"), "TimeStamp", "named like a Silver column or event field");
        assertRejected(with("_hoodie_commit_time", "x"), "_hoodie_commit_time", "starts with '_'");
        assertRejected(with("_coupon", "x"), "_coupon", "starts with '_'");
        assertRejected(with("\u00e9v\u00e9nement", "x"), "\u00e9v\u00e9nement", "not a valid column name");
        assertRejected(with("a\u0000b", "x"), "a\\u0000b", "not a valid column name");
        assertRejected(with("c".repeat(65), "x"), "c".repeat(65), "not a valid column name");
        assertRejected(
                PURCHASE.replace("}", ",\"coupon\":\"A\",\"Coupon\":null}"),
                "Coupon",
                "duplicate key: the " + "unknown field 'coupon' is the same column in another case");
        StringBuilder many = new StringBuilder(PURCHASE.substring(0, PURCHASE.length() - 1));
        for (int i = 0; i < 25; i++) {
            many.append(",\"f").append((char) ('a' + i)).append("\":").append(i);
        }
        assertRejected(many.append('}').toString(), "(record)", "25 unknown fields, more than the limit of 20");
    }

    @Test
    void withDropFieldAnUnknownFieldBreakingAColumnRuleIsLeftOutAndTheRecordKept() throws Exception {
        String[] dropField = {ParseClickEventConfig.UNKNOWN_FIELDS_ON_INVALID, "drop-field"};
        String extended = PURCHASE.replace(
                "}",
                ",\"Event_Type\":\"x\",\"KAFKA_OFFSET\":1,\"_hoodie_commit_time\":\"x\","
                        + "\"a\\u0000b\":1,\"\u00e9v\u00e9nement\":2,\"coupon\":\"A\",\"Coupon\":\"B\",\"gift\":true,"
                        + "\"note\":\"" + "n".repeat(300) + "\",\"big\":" + "9".repeat(30)
                        + ",\"huge\":1e400,\"Items\":3}");
        Struct kept = parse(extended, dropField);
        assertThat(kept.schema().fields().stream().map(f -> f.name()).filter(n -> !SilverFields.ALL.contains(n)))
                .as("the columns kept: the fields that break no rule")
                .containsExactly("gift", "items");
        assertThat(kept.getInt64("items")).as("Items, as items").isEqualTo(3L);

        StringBuilder many = new StringBuilder(PURCHASE.substring(0, PURCHASE.length() - 1));
        for (int i = 24; i >= 0; i--) {
            many.append(",\"f").append((char) ('a' + i)).append("\":").append(i);
        }
        Struct capped = parse(many.append('}').toString(), dropField);
        assertThat(capped.schema().fields().stream().map(f -> f.name()).filter(n -> n.matches("f[a-z]")))
                .as("the first 20 by name")
                .containsExactly(
                        "fa", "fb", "fc", "fd", "fe", "ff", "fg", "fh", "fi", "fj", "fk", "fl", "fm", "fn", "fo", "fp",
                        "fq", "fr", "fs", "ft");
        assertThatThrownBy(() -> parse(PURCHASE.replace("}", ",\"score\":1e-20000000}"), dropField))
                .as("a number out of range is the JSON's fault, not the column's")
                .isInstanceOf(InvalidEvent.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void theEventTimeWindowFollowsTheConfiguration() throws Exception {
        String old = with("timestamp", "2025-06-01T00:00:00.000Z");
        assertThatThrownBy(() -> parse(old)).as("a default window").isInstanceOf(InvalidEvent.class);
        Struct replayed = parse(old, ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS, Long.toString(400L * 86_400_000L));
        assertThat(replayed.getString(SilverFields.EVENT_DATE))
                .as("a replay of old data")
                .isEqualTo("2025-06-01");
    }

    @Test
    void aSourceRecordIsRejectedBecauseItHasNoOffset() {
        ParseClickEvent<SourceRecord> source = new ParseClickEvent.Value<>();
        source.configure(Map.of());
        SourceRecord record =
                new SourceRecord(null, null, "t", 0, null, null, null, PURCHASE, KAFKA_TIME.toEpochMilli());
        assertThatThrownBy(() -> source.apply(record))
                .as("source side")
                .isInstanceOf(InvalidEvent.class)
                .hasMessageContaining("sink connectors only");
    }

    @Test
    void theKeyVariantParsesTheKey() {
        ParseClickEvent<SinkRecord> key = new ParseClickEvent.Key<>();
        key.configure(Map.of(ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS, "86400000"));
        SinkRecord out = key.apply(new SinkRecord(
                "t",
                1,
                null,
                PURCHASE,
                null,
                "v",
                7,
                KAFKA_TIME.toEpochMilli(),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME));
        assertThat(((Struct) out.key()).getString(SilverFields.EVENT_ID))
                .as("parsed key")
                .isEqualTo("e-1");
        assertThat(out.value()).as("value untouched").isEqualTo("v");
    }

    @Test
    void anInvalidSettingFailsNamingTheKey() {
        assertThatThrownBy(() -> transform.configure(Map.of(ParseClickEventConfig.UNKNOWN_FIELDS, "maybe")))
                .as("bad enum")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ParseClickEventConfig.UNKNOWN_FIELDS);
        assertThatThrownBy(() -> transform.configure(Map.of(ParseClickEventConfig.MAX_QUANTITY, "0")))
                .as("bad range")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ParseClickEventConfig.MAX_QUANTITY);
    }
}
