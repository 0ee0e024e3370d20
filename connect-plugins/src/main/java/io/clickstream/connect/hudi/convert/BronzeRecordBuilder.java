package io.clickstream.connect.hudi.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Bronze rows: the record's value kept untouched as a string plus where and when it came from. Immutable rows keyed
 * by {@code topic/partition/offset}, partitioned by the UTC ingestion date. Optional header columns keep named record
 * headers beside them (the last header of that name, as text; null when absent), e.g. a dead-letter topic's error
 * context; they follow Bronze's own columns in the configured order.
 */
public final class BronzeRecordBuilder implements SinkRecordConverter {

    public static final String VALUE = "value";
    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    public static final String INGEST_TIME = "ingest_time";
    public static final String INGEST_DATE = "ingest_date";

    /** The schema without header columns. */
    public static final Schema SCHEMA = schema(Map.of());

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Map<String, String> headerColumns;
    private final Schema schema;

    public BronzeRecordBuilder() {
        this(Clock.systemUTC(), Map.of());
    }

    /** {@code headerColumns}: column name to header name. */
    public BronzeRecordBuilder(Map<String, String> headerColumns) {
        this(Clock.systemUTC(), headerColumns);
    }

    public BronzeRecordBuilder(Clock clock) {
        this(clock, Map.of());
    }

    public BronzeRecordBuilder(Clock clock, Map<String, String> headerColumns) {
        this.clock = clock;
        this.headerColumns = new LinkedHashMap<>(headerColumns);
        this.schema = headerColumns.isEmpty() ? SCHEMA : schema(this.headerColumns);
    }

    private static Schema schema(Map<String, String> headerColumns) {
        Schema timestampMillis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("bronze_record")
                .namespace("io.clickstream.bronze")
                .fields()
                .optionalString(VALUE)
                .requiredString(KAFKA_TOPIC)
                .requiredInt(KAFKA_PARTITION)
                .requiredLong(KAFKA_OFFSET)
                .name(KAFKA_TIMESTAMP)
                .type()
                .unionOf()
                .nullType()
                .and()
                .type(timestampMillis)
                .endUnion()
                .nullDefault()
                .name(INGEST_TIME)
                .type(timestampMillis)
                .noDefault()
                .requiredString(INGEST_DATE);
        for (String column : headerColumns.keySet()) {
            fields = fields.optionalString(column);
        }
        return fields.endRecord();
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
        GenericRecord row = new GenericData.Record(schema);
        row.put(VALUE, text(record.value()));
        // where the record came from, whatever a transformation renamed
        row.put(KAFKA_TOPIC, record.originalTopic());
        row.put(KAFKA_PARTITION, record.originalKafkaPartition());
        row.put(KAFKA_OFFSET, record.originalKafkaOffset());
        row.put(KAFKA_TIMESTAMP, record.timestamp());
        row.put(INGEST_TIME, now.toEpochMilli());
        row.put(INGEST_DATE, DATE.format(now));
        headerColumns.forEach((column, header) -> {
            Header last = record.headers().lastWithName(header);
            row.put(column, last == null ? null : text(last.value()));
        });
        return row;
    }

    private static String text(Object value) {
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
