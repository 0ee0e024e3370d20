package io.clickstream.connect.hudi.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BronzeRecordBuilderTest {

  private final Instant now = Instant.parse("2026-11-25T23:59:58.123Z");
  private final BronzeRecordBuilder builder = new BronzeRecordBuilder(Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void keepsTheRawValueAndWhereAndWhenItCameFrom() {
    String json = "{ \"event_id\": \"e1\",  \"odd spacing\" : true }";
    SinkRecord record = new SinkRecord("clickstream_events", 3, null, "session-1", null, json, 42L,
        1_764_115_200_000L, TimestampType.CREATE_TIME);

    GenericRecord row = builder.convert(record);

    assertThat(row.getSchema().getFields()).extracting(Schema.Field::name).containsExactly(
        "value", "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "ingest_time", "ingest_date");
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
}
