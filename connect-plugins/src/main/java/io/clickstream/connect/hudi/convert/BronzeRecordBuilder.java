package io.clickstream.connect.hudi.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Bronze rows: the record's value kept untouched as a string plus where and when it came from. Immutable rows keyed
 * by {@code topic/partition/offset}, partitioned by the UTC ingestion date.
 */
public final class BronzeRecordBuilder implements SinkRecordConverter {

  public static final String VALUE = "value";
  public static final String KAFKA_TOPIC = "kafka_topic";
  public static final String KAFKA_PARTITION = "kafka_partition";
  public static final String KAFKA_OFFSET = "kafka_offset";
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  public static final String INGEST_TIME = "ingest_time";
  public static final String INGEST_DATE = "ingest_date";

  public static final Schema SCHEMA = schema();

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final Clock clock;

  public BronzeRecordBuilder() {
    this(Clock.systemUTC());
  }

  public BronzeRecordBuilder(Clock clock) {
    this.clock = clock;
  }

  private static Schema schema() {
    Schema timestampMillis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    return SchemaBuilder.record("bronze_record").namespace("io.clickstream.bronze").fields()
        .optionalString(VALUE)
        .requiredString(KAFKA_TOPIC)
        .requiredInt(KAFKA_PARTITION)
        .requiredLong(KAFKA_OFFSET)
        .name(KAFKA_TIMESTAMP).type().unionOf().nullType().and().type(timestampMillis).endUnion().nullDefault()
        .name(INGEST_TIME).type(timestampMillis).noDefault()
        .requiredString(INGEST_DATE)
        .endRecord();
  }

  /** The Hudi record key of a bronze row. */
  public static String recordKey(String topic, int partition, long offset) {
    return topic + "/" + partition + "/" + offset;
  }

  @Override
  public GenericRecord convert(SinkRecord record) {
    if (record.originalKafkaPartition() == null) {
      throw new DataException("bronze rows need the record's Kafka partition");
    }
    Instant now = clock.instant();
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put(VALUE, rawValue(record.value()));
    // where the record came from, whatever a transformation renamed
    row.put(KAFKA_TOPIC, record.originalTopic());
    row.put(KAFKA_PARTITION, record.originalKafkaPartition());
    row.put(KAFKA_OFFSET, record.originalKafkaOffset());
    row.put(KAFKA_TIMESTAMP, record.timestamp());
    row.put(INGEST_TIME, now.toEpochMilli());
    row.put(INGEST_DATE, DATE.format(now));
    return row;
  }

  private static String rawValue(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof ByteBuffer buffer) {
      return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
    // A converter other than String/ByteArray was configured: keep its textual form rather than drop the record.
    return String.valueOf(value);
  }
}
