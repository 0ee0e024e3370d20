package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Hand-made records for Bronze's byte-for-byte check, each with the user id its row must carry, and the comparison of
 * the rows Spark reads back with what was sent: values that are not UTF-8, empty and null; binary and null keys;
 * repeated, binary, empty and null headers; user ids nested, too long, after invalid bytes, or at the end of a large
 * value.
 */
final class BronzeBytes {

    /** A record sent and the {@code user_id} its Bronze row must hold (null: none). */
    record Sent(ProducerRecord<byte[], byte[]> record, String userId) {}

    static final String COLUMNS_CSV = "kafka_partition,kafka_offset,value,key,headers,user_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BronzeBytes() {}

    static List<Sent> records(String topic) {
        List<Sent> out = new ArrayList<>();
        out.add(sent(topic, 0, utf8("s1"), utf8("{\"event_id\":\"e1\",\"user_id\":\"alice\"}"), "alice"));
        out.add(sent(
                topic,
                1,
                new byte[] {0, 1, 2, (byte) 0x80},
                new byte[] {(byte) 0xff, (byte) 0xfe, '{', (byte) 0xc0, (byte) 0xaf},
                null,
                header("h", new byte[] {(byte) 0xc3})));
        out.add(sent(topic, 0, null, new byte[0], null, header("h", null), header("h", utf8("x")), header("h", null)));
        out.add(sent(topic, 1, utf8("tombstone"), null, null));
        out.add(sent(
                topic,
                0,
                null,
                concat(
                        utf8("{\"user_id\":\"carol\",\"x\":\""),
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        utf8("\"}")),
                null)); // an encoded surrogate: not UTF-8, so no id although it comes first
        out.add(sent(topic, 1, null, utf8("{\"a\":{\"user_id\":\"nested\"},\"b\":[{\"user_id\":\"x\"}]}"), null));
        out.add(sent(
                topic,
                0,
                utf8("big"),
                utf8("{\"pad\":\"" + "p".repeat(200_000) + "\",\"user_id\":\"bob\"}"),
                "bob",
                header("\u00fcber", new byte[0])));
        out.add(sent(
                topic, 1, null, utf8("{\"user_id\":\"\u00fcn\u00ef \ud83d\ude00\"}"), "\u00fcn\u00ef \ud83d\ude00"));
        out.add(sent(topic, 0, null, utf8("{\"user_id\":\"" + "u".repeat(300) + "\"}"), null));
        out.add(sent(topic, 1, null, utf8("{\"user_id\":\"a\\u0000b\"}"), null));
        out.add(sent(topic, 0, null, utf8("  [\"user_id\",\"dave\"]"), null));
        return out;
    }

    /** Sends the records with acks=all; returns them by their Bronze position, {@code partition/offset}. */
    static Map<String, Sent> send(String bootstrapServers, List<Sent> records) throws Exception {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Sent> byPosition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Sent s : records) {
                RecordMetadata m = producer.send(s.record()).get(60, TimeUnit.SECONDS);
                byPosition.put(m.partition() + "/" + m.offset(), s);
            }
        }
        return byPosition;
    }

    /** Stand-ins for the records at these positions, for {@link BronzeSink#awaitCommittedThrough}. */
    static List<ConsumerRecord<String, String>> positions(String topic, Map<String, Sent> sent) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        sent.keySet().forEach(position -> {
            String[] parts = position.split("/");
            out.add(new ConsumerRecord<>(topic, Integer.parseInt(parts[0]), Long.parseLong(parts[1]), null, null));
        });
        return out;
    }

    /** Each Spark row ({@link #COLUMNS_CSV} as JSON, binary as base64, nulls left out) against the record sent. */
    static void assertRows(List<String> rows, Map<String, Sent> sent) throws Exception {
        Map<String, JsonNode> byPosition = new HashMap<>();
        for (String line : rows) {
            JsonNode row = JSON.readTree(line);
            String position = row.get("kafka_partition").asInt() + "/"
                    + row.get("kafka_offset").asLong();
            assertThat(byPosition.put(position, row))
                    .as("a second row at %s", position)
                    .isNull();
        }
        assertThat(byPosition.keySet()).as("one row per record").containsExactlyInAnyOrderElementsOf(sent.keySet());
        sent.forEach((position, s) -> {
            JsonNode row = byPosition.get(position);
            ProducerRecord<byte[], byte[]> r = s.record();
            assertThat(bytes(row.get("value"))).as("value at %s", position).isEqualTo(r.value());
            assertThat(bytes(row.get("key"))).as("key at %s", position).isEqualTo(r.key());
            List<String> expected = new ArrayList<>();
            for (Header h : r.headers()) {
                expected.add(h.key() + "="
                        + (h.value() == null ? "null" : Base64.getEncoder().encodeToString(h.value())));
            }
            List<String> actual = new ArrayList<>();
            row.path("headers")
                    .forEach(h -> actual.add(h.get("name").asText() + "="
                            + (h.has("value") ? h.get("value").asText() : "null")));
            assertThat(actual).as("headers at %s, in order", position).containsExactlyElementsOf(expected);
            assertThat(row.has("user_id") ? row.get("user_id").asText() : null)
                    .as("user_id at %s", position)
                    .isEqualTo(s.userId());
        });
    }

    private static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
    }

    private static Sent sent(String topic, int partition, byte[] key, byte[] value, String userId, Header... headers) {
        return new Sent(new ProducerRecord<>(topic, partition, key, value, new RecordHeaders(headers)), userId);
    }

    private static Header header(String name, byte[] value) {
        return new org.apache.kafka.common.header.internals.RecordHeader(name, value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
