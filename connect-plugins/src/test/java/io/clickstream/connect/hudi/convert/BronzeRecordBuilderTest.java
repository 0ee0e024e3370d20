package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BronzeRecordBuilderTest {

    private final Instant now = Instant.parse("2026-11-25T23:59:58.123Z");
    private final BronzeRecordBuilder builder = new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC));
    private final BronzeRecordBuilder textLayout =
            new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC), BronzeRecordBuilder.TEXT_VERSION, Map.of());

    @Test
    void keepsTheRecordByteForByteAndWhereAndWhenItCameFrom() {
        byte[] value = {
            '{',
            '"',
            'u',
            's',
            'e',
            'r',
            '_',
            'i',
            'd',
            '"',
            ':',
            '"',
            'u',
            '7',
            '"',
            ',',
            '"',
            'x',
            '"',
            ':',
            '"',
            (byte) 0xff,
            (byte) 0xc3,
            '"',
            '}'
        }; // a JSON object with invalid UTF-8 after its user id
        byte[] key = {0, (byte) 0x80, 'k'};
        ConnectHeaders headers = new ConnectHeaders();
        headers.addBytes("trace", new byte[] {(byte) 0xfe, 1});
        headers.addBytes("trace", new byte[] {2});
        headers.add("empty", null, null);
        SinkRecord record = new SinkRecord(
                "clickstream_events",
                3,
                null,
                key,
                null,
                value,
                42L,
                1_764_115_200_000L,
                TimestampType.CREATE_TIME,
                headers);

        GenericRecord row = builder.convert(record);

        assertThat(row.getSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(columns("value", "key", "headers", "user_id"));
        assertThat(bytes(row.get("value"))).isEqualTo(value);
        assertThat(bytes(row.get("key"))).isEqualTo(key);
        List<?> kept = (List<?>) row.get("headers");
        assertThat(kept).hasSize(3);
        assertThat(kept).extracting(h -> ((GenericRecord) h).get("name")).containsExactly("trace", "trace", "empty");
        assertThat(bytes(((GenericRecord) kept.get(0)).get("value"))).isEqualTo(new byte[] {(byte) 0xfe, 1});
        assertThat(bytes(((GenericRecord) kept.get(1)).get("value"))).isEqualTo(new byte[] {2});
        assertThat(((GenericRecord) kept.get(2)).get("value")).isNull();
        assertThat(row.get("user_id"))
                .as("a value that is not UTF-8 has no user id")
                .isNull();
        assertThat(row.get("kafka_topic")).isEqualTo("clickstream_events");
        assertThat(row.get("kafka_partition")).isEqualTo(3);
        assertThat(row.get("kafka_offset")).isEqualTo(42L);
        assertThat(row.get("kafka_timestamp")).isEqualTo(1_764_115_200_000L);
        assertThat(row.get("ingest_time")).isEqualTo(now.toEpochMilli());
        assertThat(row.get("ingest_date")).isEqualTo("2026-11-25");
        assertThat(BronzeRecordBuilder.recordKey("clickstream_events", 3, 42L)).isEqualTo("clickstream_events/3/42");
        assertThat(new GenericData().validate(row.getSchema(), row))
                .as("a valid Avro row")
                .isTrue();
    }

    @Test
    void stringsAndOtherConvertersValuesAreKeptAsTheirUtf8Text() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addInt("n", 7);
        SinkRecord record = new SinkRecord(
                "t",
                0,
                org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                "k\u00e9",
                null,
                "{\"user_id\":\"\u00e9\"}",
                1L,
                null,
                TimestampType.NO_TIMESTAMP_TYPE,
                headers);

        GenericRecord row = builder.convert(record);

        assertThat(bytes(row.get("key"))).isEqualTo("k\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(row.get("value"))).isEqualTo("{\"user_id\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(((GenericRecord) ((List<?>) row.get("headers")).get(0)).get("value")))
                .isEqualTo("7".getBytes(StandardCharsets.UTF_8));
        assertThat(row.get("user_id")).isEqualTo("\u00e9");
    }

    @Test
    void theTextLayoutKeepsTheValueAsTextWithoutKeyOrHeaders() {
        SinkRecord record = new SinkRecord("t", 0, null, "k", null, "{\"user_id\":\"u\"}", 1L);

        GenericRecord row = textLayout.convert(record);

        assertThat(row.getSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(columns("value"));
        assertThat(row.get("value")).isEqualTo("{\"user_id\":\"u\"}");
    }

    @Test
    void aTableOfTheOtherLayoutIsRefusedWithTheKeyToChange() {
        Schema text = BronzeRecordBuilder.schema(BronzeRecordBuilder.TEXT_VERSION, Map.of());
        Schema bytes = BronzeRecordBuilder.schema(BronzeRecordBuilder.CURRENT_VERSION, Map.of("reason", "r"));

        assertThat(BronzeRecordBuilder.layoutOf(text)).contains(1);
        assertThat(BronzeRecordBuilder.layoutOf(bytes)).contains(2);
        assertThat(BronzeRecordBuilder.layoutProblem(text, 2, "file:///t"))
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("file:///t holds Bronze layout 1 (value as text)")
                        .contains("bronze.schema.version=1"));
        assertThat(BronzeRecordBuilder.layoutProblem(bytes, 1, "file:///t"))
                .hasValueSatisfying(p -> assertThat(p).contains("layout 2 (value as bytes)"));
        assertThat(BronzeRecordBuilder.layoutProblem(text, 1, "file:///t")).isEmpty();
        assertThat(BronzeRecordBuilder.layoutProblem(bytes, 2, "file:///t")).isEmpty();
        assertThat(BronzeRecordBuilder.layoutProblem(null, 2, "file:///t"))
                .as("no table yet")
                .isEmpty();
    }

    @Test
    void theTextLayoutDecodesBytesAsUtf8AndNullStaysNull() {
        SinkRecord bytes = new SinkRecord("t", 0, null, null, null, "héllo".getBytes(StandardCharsets.UTF_8), 1L);
        SinkRecord tombstone = new SinkRecord("t", 0, null, null, null, null, 2L);
        assertThat(textLayout.convert(bytes).get("value")).isEqualTo("héllo");
        GenericRecord empty = textLayout.convert(tombstone);
        assertThat(empty.get("value")).isNull();
        assertThat(empty.get("kafka_timestamp")).isNull();
        GenericRecord emptyBytes = builder.convert(tombstone);
        assertThat(emptyBytes.get("value")).isNull();
        assertThat(emptyBytes.get("key")).isNull();
        assertThat(emptyBytes.get("user_id")).isNull();
        assertThat((List<?>) emptyBytes.get("headers")).isEmpty();
    }

    @Test
    void headerColumnsFollowTheBronzeColumnsWithEachHeadersLastValueAsText() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("original_topic", "__connect.errors.topic");
        columns.put("original_offset", "__connect.errors.offset");
        columns.put("reason", "__connect.errors.exception.message");
        BronzeRecordBuilder withHeaders =
                new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC), BronzeRecordBuilder.CURRENT_VERSION, columns);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__connect.errors.topic", "first");
        headers.addString("__connect.errors.topic", "clickstream_events");
        headers.addBytes("__connect.errors.offset", "17".getBytes(StandardCharsets.UTF_8));
        SinkRecord letter = new SinkRecord(
                "clickstream_events.dlq",
                0,
                null,
                null,
                null,
                "{not json",
                5L,
                null,
                TimestampType.NO_TIMESTAMP_TYPE,
                headers);

        GenericRecord row = withHeaders.convert(letter);

        assertThat(row.getSchema().getFields())
                .extracting(Schema.Field::name)
                .as("columns")
                .containsExactlyElementsOf(columns(
                        "value", "key", "headers", "user_id", "#", "original_topic", "original_offset", "reason"));
        assertThat(row.get("original_topic")).as("the last header of a name").isEqualTo("clickstream_events");
        assertThat(row.get("original_offset")).as("bytes as UTF-8 text").isEqualTo("17");
        assertThat(row.get("reason")).as("an absent header").isNull();
        assertThat(bytes(row.get("value")))
                .as("the value untouched")
                .isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(row.get("user_id")).as("not JSON: no user id").isNull();
    }

    private static byte[] bytes(Object buffer) {
        ByteBuffer b = ((ByteBuffer) buffer).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The given columns with Bronze's Kafka and ingestion columns after the first ones, or at {@code "#"}. */
    private static List<String> columns(String... names) {
        List<String> metadata = List.of(
                "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "ingest_time", "ingest_date");
        List<String> out = new java.util.ArrayList<>();
        boolean placed = false;
        for (String name : names) {
            if (name.equals("#")) {
                out.addAll(metadata);
                placed = true;
            } else {
                out.add(name);
            }
        }
        if (!placed) {
            out.addAll(metadata);
        }
        return out;
    }
}
