package io.clickstream.connect.hudi.convert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Bronze rows: the record as Kafka held it plus where and when it came from. Immutable rows keyed by
 * {@code topic/partition/offset}, partitioned by the UTC ingestion date. Optional header columns keep named record
 * headers beside them (the last header of that name, as text; null when absent), e.g. a dead-letter topic's error
 * context; they follow Bronze's own columns in the configured order.
 *
 * <p>Two layouts ({@code bronze.schema.version}). Version 2, the default: {@code value} and {@code key} as bytes,
 * every header in order ({@code headers}: name and bytes), and the best-effort {@link BronzeUserId user id}; with
 * {@code ByteArrayConverter} as the key, value and header converter these are the bytes Kafka held. Version 1, the
 * layout of tables written before: the value as UTF-8 text only (invalid UTF-8 replaced), key and headers dropped.
 */
public final class BronzeRecordBuilder implements SinkRecordConverter {

    public static final String VALUE = "value";
    public static final String KEY = "key";
    public static final String HEADERS = "headers";
    public static final String HEADER_NAME = "name";
    public static final String HEADER_VALUE = "value";
    public static final String USER_ID = BronzeUserId.FIELD;
    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    public static final String INGEST_TIME = "ingest_time";
    public static final String INGEST_DATE = "ingest_date";

    /** The layout written by default: bytes, key, headers and user id. */
    public static final int CURRENT_VERSION = 2;
    /** The layout of tables written before version 2: the value as text. */
    public static final int TEXT_VERSION = 1;

    /** The current layout without header columns. */
    public static final Schema SCHEMA = schema(CURRENT_VERSION, Map.of());
    /** The names of Bronze's own columns in either layout (header columns must not take them). */
    public static final Set<String> OWN_COLUMNS = ownColumns();

    private static final Schema HEADER = SchemaBuilder.record("bronze_header")
            .namespace("io.clickstream.bronze")
            .fields()
            .requiredString(HEADER_NAME)
            .optionalBytes(HEADER_VALUE)
            .endRecord();

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final int version;
    private final Map<String, String> headerColumns;
    private final Schema schema;

    public BronzeRecordBuilder() {
        this(Clock.systemUTC(), CURRENT_VERSION, Map.of());
    }

    /** {@code headerColumns}: column name to header name. */
    public BronzeRecordBuilder(int version, Map<String, String> headerColumns) {
        this(Clock.systemUTC(), version, headerColumns);
    }

    public BronzeRecordBuilder(Clock clock) {
        this(clock, CURRENT_VERSION, Map.of());
    }

    public BronzeRecordBuilder(Clock clock, int version, Map<String, String> headerColumns) {
        if (version != CURRENT_VERSION && version != TEXT_VERSION) {
            throw new IllegalArgumentException("no Bronze layout " + version);
        }
        this.clock = clock;
        this.version = version;
        this.headerColumns = new LinkedHashMap<>(headerColumns);
        this.schema = schema(version, this.headerColumns);
    }

    /** The layout's schema with the header columns after Bronze's own. */
    public static Schema schema(int version, Map<String, String> headerColumns) {
        Schema timestampMillis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("bronze_record")
                .namespace("io.clickstream.bronze")
                .fields();
        if (version == TEXT_VERSION) {
            fields = fields.optionalString(VALUE);
        } else {
            fields = fields.optionalBytes(VALUE)
                    .optionalBytes(KEY)
                    .name(HEADERS)
                    .type()
                    .array()
                    .items(HEADER)
                    .noDefault()
                    .optionalString(USER_ID);
        }
        fields = fields.requiredString(KAFKA_TOPIC)
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

    private static Set<String> ownColumns() {
        Set<String> names = new TreeSet<>();
        for (int version : new int[] {TEXT_VERSION, CURRENT_VERSION}) {
            schema(version, Map.of())
                    .getFields()
                    .forEach(f -> names.add(f.name().toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(names);
    }

    /**
     * The Bronze layout a table's schema holds (1 when its {@code value} is text, 2 when bytes), or empty for a table
     * without a schema yet or not written by Bronze.
     */
    public static Optional<Integer> layoutOf(Schema table) {
        Schema.Field value = table == null ? null : table.getField(VALUE);
        if (value == null || table.getField(KAFKA_OFFSET) == null) {
            return Optional.empty();
        }
        Schema type = value.schema();
        if (type.isUnion()) {
            type = type.getTypes().stream()
                    .filter(t -> t.getType() != Schema.Type.NULL)
                    .findFirst()
                    .orElse(type);
        }
        return switch (type.getType()) {
            case STRING -> Optional.of(TEXT_VERSION);
            case BYTES -> Optional.of(CURRENT_VERSION);
            default -> Optional.empty();
        };
    }

    /**
     * Why a task writing layout {@code version} must not write into a table whose schema is {@code table}, if it must
     * not: rows of one layout in a table of the other would change the type of its {@code value} column.
     */
    public static Optional<String> layoutProblem(Schema table, int version, String tablePath) {
        return layoutOf(table)
                .filter(found -> found != version)
                .map(found -> "table " + tablePath + " holds Bronze layout " + found + " (value as "
                        + (found == TEXT_VERSION ? "text" : "bytes") + ") but the connector writes layout " + version
                        + ": set bronze.schema.version=" + found + " to go on writing it, or point table.path at a new"
                        + " table (docs/hudi-sink.md, \"Bronze layouts\")");
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
        if (version == TEXT_VERSION) {
            row.put(VALUE, text(record.value()));
        } else {
            ByteBuffer value = bytes(record.valueSchema(), record.value());
            row.put(VALUE, value);
            row.put(KEY, bytes(record.keySchema(), record.key()));
            row.put(HEADERS, headers(record));
            row.put(
                    USER_ID,
                    value == null
                            ? null
                            : BronzeUserId.of(
                                    value.array(), value.arrayOffset() + value.position(), value.remaining()));
        }
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

    private static List<GenericRecord> headers(SinkRecord record) {
        List<GenericRecord> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            GenericRecord h = new GenericData.Record(HEADER);
            h.put(HEADER_NAME, header.key());
            h.put(HEADER_VALUE, bytes(header.schema(), header.value()));
            headers.add(h);
        }
        return headers;
    }

    /**
     * A key, value or header as bytes: the bytes themselves with {@code ByteArrayConverter}; a string's UTF-8; any
     * other converter's value as Connect's own text form of it (what a string converter would have produced).
     */
    private static ByteBuffer bytes(org.apache.kafka.connect.data.Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return ByteBuffer.wrap(copy);
        }
        String text = value instanceof String s ? s : Values.convertToString(schema, value);
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
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
