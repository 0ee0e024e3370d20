package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BronzeRecordBuilderTest {

    private final Instant now = Instant.parse("2026-11-25T23:59:58.123Z");
    private final BronzeRecordBuilder builder = new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void keepsTheRawValueAndWhereAndWhenItCameFrom() {
        String json = "{ \"event_id\": \"e1\",  \"odd spacing\" : true }";
        SinkRecord record = new SinkRecord(
                "clickstream_events",
                3,
                null,
                "session-1",
                null,
                json,
                42L,
                1_764_115_200_000L,
                TimestampType.CREATE_TIME);

        GenericRecord row = builder.convert(record);

        assertThat(row.getSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
                        "value",
                        "kafka_topic",
                        "kafka_partition",
                        "kafka_offset",
                        "kafka_timestamp",
                        "ingest_time",
                        "ingest_date");
        assertThat(row.get("value")).isEqualTo(json);
        assertThat(row.get("kafka_topic")).isEqualTo("clickstream_events");
        assertThat(row.get("kafka_partition")).isEqualTo(3);
        assertThat(row.get("kafka_offset")).isEqualTo(42L);
        assertThat(row.get("kafka_timestamp")).isEqualTo(1_764_115_200_000L);
        assertThat(row.get("ingest_time")).isEqualTo(now.toEpochMilli());
        assertThat(row.get("ingest_date")).isEqualTo("2026-11-25");
        assertThat(BronzeRecordBuilder.recordKey("clickstream_events", 3, 42L)).isEqualTo("clickstream_events/3/42");
    }

    @Test
    void bytesAreKeptAsUtf8TextAndNullStaysNull() {
        SinkRecord bytes = new SinkRecord("t", 0, null, null, null, "héllo".getBytes(StandardCharsets.UTF_8), 1L);
        SinkRecord tombstone = new SinkRecord("t", 0, null, null, null, null, 2L);
        assertThat(builder.convert(bytes).get("value")).isEqualTo("héllo");
        GenericRecord empty = builder.convert(tombstone);
        assertThat(empty.get("value")).isNull();
        assertThat(empty.get("kafka_timestamp")).isNull();
    }

    @Test
    void headerColumnsFollowTheBronzeColumnsWithEachHeadersLastValueAsText() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("original_topic", "__connect.errors.topic");
        columns.put("original_offset", "__connect.errors.offset");
        columns.put("reason", "__connect.errors.exception.message");
        BronzeRecordBuilder withHeaders = new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC), columns);
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
                .containsExactly(
                        "value",
                        "kafka_topic",
                        "kafka_partition",
                        "kafka_offset",
                        "kafka_timestamp",
                        "ingest_time",
                        "ingest_date",
                        "original_topic",
                        "original_offset",
                        "reason");
        assertThat(row.get("original_topic")).as("the last header of a name").isEqualTo("clickstream_events");
        assertThat(row.get("original_offset")).as("bytes as UTF-8 text").isEqualTo("17");
        assertThat(row.get("reason")).as("an absent header").isNull();
        assertThat(row.get("value")).as("the value untouched").isEqualTo("{not json");
    }
}
