package io.clickstream.connect.hudi.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.text.Quoted;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Structured rows: a {@link Struct} value becomes an Avro record with the matching schema (logical types kept);
 * a schemaless {@link Map} value, or a String holding a JSON object, becomes a record whose schema is inferred from
 * its values (every field optional, numbers as long/double). Field names are mapped onto Avro's alphabet.
 */
public final class ConnectToAvroConverter implements SinkRecordConverter {

    /** Connect's Decimal has no precision; Avro's decimal needs one: the widest Parquet and Spark both accept. */
    static final int DEFAULT_DECIMAL_PRECISION = 38;

    static final String DECIMAL_PRECISION_PARAM = "connect.decimal.precision";
    /** Deepest nesting of records, arrays and maps a row may have. */
    static final int MAX_NESTING = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private final String recordName;
    // Connect schemas are immutable and reused by converters: caching by identity is cheap and safe.
    private final Map<org.apache.kafka.connect.data.Schema, Schema> schemaCache =
            Collections.synchronizedMap(new IdentityHashMap<>());

    public ConnectToAvroConverter(String recordName) {
        this.recordName = AvroNames.sanitize(recordName);
    }

    @Override
    public GenericRecord convert(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof Struct struct) {
                return fromStruct(struct);
            }
            if (value instanceof Map<?, ?> map) {
                return fromMap(map);
            }
            if (value instanceof String text) {
                return fromMap(parseJsonObject(text));
            }
            if (value instanceof byte[] bytes) {
                return fromMap(parseJsonObject(new String(bytes, StandardCharsets.UTF_8)));
            }
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(
                    "cannot convert value of " + describe(record) + ": " + Reasons.bounded(e.toString()), e);
        }
        throw new DataException("structured mode needs a Struct, a Map or a JSON object string as value, got "
                + value.getClass().getName() + " in " + describe(record));
    }

    private static String describe(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    private static Map<?, ?> parseJsonObject(String text) {
        try {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return map;
            }
            throw new DataException("value is JSON but not an object: " + abbreviate(text));
        } catch (JsonProcessingException e) {
            throw new DataException("value is not JSON: " + e.getOriginalMessage() + " in " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return Quoted.prefix(text, 80);
    }

    // ---- Struct with a Connect schema ----

    GenericRecord fromStruct(Struct struct) {
        Schema schema = avroSchema(struct.schema());
        return (GenericRecord) structValue(struct, schema);
    }

    /** The Avro schema of a Connect record schema; optional Connect fields become nullable unions with a null default. */
    public Schema avroSchema(org.apache.kafka.connect.data.Schema connectSchema) {
        if (connectSchema.type() != org.apache.kafka.connect.data.Schema.Type.STRUCT) {
            throw new DataException("structured mode needs a STRUCT value schema, got " + connectSchema.type());
        }
        Schema cached = schemaCache.get(connectSchema);
        if (cached == null) {
            cached = toAvro(connectSchema, recordName, 0);
            AvroNames.requireUniqueTypeNames(cached);
            schemaCache.put(connectSchema, cached);
        }
        return cached;
    }

    private Schema toAvro(org.apache.kafka.connect.data.Schema s, String path, int depth) {
        checkDepth(depth, path);
        Schema type = toAvroNonNull(s, path, depth);
        return s.isOptional() ? SchemaMerger.optional(type) : type;
    }

    private Schema toAvroNonNull(org.apache.kafka.connect.data.Schema s, String path, int depth) {
        String logical = s.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            int scale = Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD));
            String p = s.parameters() == null ? null : s.parameters().get(DECIMAL_PRECISION_PARAM);
            int precision = p == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(p);
            // A fixed of the fewest bytes that hold the precision, as Spark's own Parquet writer does: Spark 3.5's
            // vectorized reader cannot read a BINARY-backed decimal of precision 18 or less (SchemaColumnConvert...).
            return LogicalTypes.decimal(precision, scale)
                    .addToSchema(Schema.createFixed(path + "_decimal", null, null, bytesForPrecision(precision)));
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        switch (s.type()) {
            case INT8:
            case INT16:
            case INT32:
                return Schema.create(Schema.Type.INT);
            case INT64:
                return Schema.create(Schema.Type.LONG);
            case FLOAT32:
                return Schema.create(Schema.Type.FLOAT);
            case FLOAT64:
                return Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN:
                return Schema.create(Schema.Type.BOOLEAN);
            case STRING:
                return Schema.create(Schema.Type.STRING);
            case BYTES:
                return Schema.create(Schema.Type.BYTES);
            case ARRAY:
                return Schema.createArray(toAvro(s.valueSchema(), path + "_element", depth + 1));
            case MAP:
                if (s.keySchema().type() == org.apache.kafka.connect.data.Schema.Type.STRING) {
                    return Schema.createMap(toAvro(s.valueSchema(), path + "_value", depth + 1));
                }
                // Avro maps have string keys only: other keys become an array of key/value pairs.
                Schema entry = Schema.createRecord(path + "_entry", null, null, false);
                entry.setFields(List.of(
                        new Schema.Field("key", toAvro(s.keySchema(), path + "_key", depth + 1), null, (Object) null),
                        field("value", toAvro(s.valueSchema(), path + "_value", depth + 1))));
                return Schema.createArray(entry);
            case STRUCT: {
                Schema record = Schema.createRecord(path, null, null, false);
                List<Schema.Field> fields = new ArrayList<>();
                for (Field f : s.fields()) {
                    String name = AvroNames.sanitize(f.name());
                    fields.add(field(name, toAvro(f.schema(), path + "_" + name, depth + 1)));
                }
                record.setFields(fields);
                return record;
            }
            default:
                throw new DataException("unsupported Connect type " + s.type());
        }
    }

    /**
     * Refuses values nested deeper than {@value #MAX_NESTING} levels: every later stage (Avro, Parquet, Hudi, Spark)
     * walks a row's schema and values recursively, so a deep enough value would end the task with a stack overflow.
     */
    private void checkDepth(int depth, String path) {
        if (depth > MAX_NESTING) {
            throw new DataException("field '" + ColumnRules.quoted(fieldOf(path)) + "' is nested deeper than "
                    + MAX_NESTING + " levels");
        }
    }

    private String fieldOf(String path) {
        return path.startsWith(recordName + "_") ? path.substring(recordName.length() + 1) : path;
    }

    /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits. */
    static int bytesForPrecision(int precision) {
        int bytes = 1;
        while (BigInteger.TWO.pow(8 * bytes - 1).compareTo(BigInteger.TEN.pow(precision)) < 0) {
            bytes++;
        }
        return bytes;
    }

    private static Schema.Field field(String name, Schema schema) {
        Object defaultValue = SchemaMerger.isNullable(schema) ? JsonProperties.NULL_VALUE : null;
        return new Schema.Field(name, schema, null, defaultValue);
    }

    private Object structValue(Object value, Schema avro) {
        if (value == null) {
            return null;
        }
        Schema type = SchemaMerger.nonNull(avro);
        if (type.getLogicalType() instanceof LogicalTypes.Decimal decimalType) {
            BigDecimal decimal = ((BigDecimal) value).setScale(decimalType.getScale());
            if (decimal.precision() > decimalType.getPrecision()) {
                throw new DataException("decimal of precision " + decimal.precision() + " does not fit decimal("
                        + decimalType.getPrecision() + "," + decimalType.getScale() + ")");
            }
            return DECIMALS.toFixed(decimal, type, decimalType);
        }
        if (type.getLogicalType() instanceof LogicalTypes.Date) {
            return (int) Math.floorDiv(((Date) value).getTime(), 86_400_000L);
        }
        if (type.getLogicalType() instanceof LogicalTypes.TimeMillis) {
            return (int) ((Date) value).getTime();
        }
        if (type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return ((Date) value).getTime();
        }
        switch (type.getType()) {
            case INT:
                return ((Number) value).intValue();
            case BYTES:
                return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case STRING:
                return value.toString();
            case ARRAY: {
                if (value instanceof Map<?, ?> map) {
                    Schema entry = type.getElementType();
                    List<Object> entries = new ArrayList<>(map.size());
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        GenericData.Record pair = new GenericData.Record(entry);
                        pair.put(
                                "key",
                                structValue(e.getKey(), entry.getField("key").schema()));
                        pair.put(
                                "value",
                                structValue(
                                        e.getValue(), entry.getField("value").schema()));
                        entries.add(pair);
                    }
                    return entries;
                }
                List<?> items = (List<?>) value;
                List<Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(structValue(item, type.getElementType()));
                }
                return out;
            }
            case MAP: {
                Map<?, ?> map = (Map<?, ?>) value;
                Map<String, Object> out = new HashMap<>(map.size() * 2);
                map.forEach((k, v) -> out.put(String.valueOf(k), structValue(v, type.getValueType())));
                return out;
            }
            case RECORD: {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(type);
                List<Field> connectFields = struct.schema().fields();
                for (int i = 0; i < connectFields.size(); i++) {
                    Schema.Field avroField = type.getFields().get(i);
                    record.put(i, structValue(struct.get(connectFields.get(i)), avroField.schema()));
                }
                return record;
            }
            default:
                return value;
        }
    }

    // ---- schemaless Map / JSON ----

    GenericRecord fromMap(Map<?, ?> map) {
        Schema schema = inferRecord(map, recordName, 0);
        AvroNames.requireUniqueTypeNames(schema);
        return (GenericRecord) mapValue(map, schema);
    }

    private Schema inferRecord(Map<?, ?> map, String path, int depth) {
        Map<String, Schema.Field> fields = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new HashMap<>();
        boolean nested = !path.equals(recordName); // top-level names are the SchemaGuard's: it may drop them
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new DataException("schemaless values need string field names, got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            Schema type = infer(e.getValue(), path + "_" + AvroNames.sanitize(key), depth + 1);
            if (type == null) {
                continue; // a null tells nothing about the field's type: it stays out until a value shows it
            }
            String name = AvroNames.sanitize(key);
            if (fields.containsKey(name)) {
                throw new DataException("field names '" + ColumnRules.quoted(key)
                        + "' and another map to the same column '" + ColumnRules.quoted(name) + "'");
            }
            String other = byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (nested && other != null) {
                throw new DataException(
                        "fields '" + ColumnRules.quoted(other) + "' and '" + ColumnRules.quoted(name) + "' of '"
                                + ColumnRules.quoted(path.substring(recordName.length() + 1))
                                + "' differ only in case (Spark resolves "
                                + "names case-insensitively and could not read the table)");
            }
            fields.put(name, new Schema.Field(name, SchemaMerger.optional(type), null, JsonProperties.NULL_VALUE));
        }
        Schema record = Schema.createRecord(path, null, null, false);
        record.setFields(new ArrayList<>(fields.values()));
        return record;
    }

    private Schema infer(Object value, String path, int depth) {
        checkDepth(depth, path);
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return Schema.create(Schema.Type.STRING);
        }
        if (value instanceof BigInteger big && big.bitLength() > 63) {
            throw new DataException("field '" + ColumnRules.quoted(fieldOf(path))
                    + "' holds an integer beyond the range " + "of a long");
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return Schema.create(Schema.Type.LONG);
        }
        if (value instanceof Number) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (value instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        if (value instanceof Date) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        if (value instanceof Map<?, ?> map) {
            return inferRecord(map, path, depth);
        }
        if (value instanceof List<?> list) {
            Schema element = null;
            boolean hasNull = false;
            for (Object item : list) {
                Schema itemType = infer(item, path + "_element", depth + 1);
                hasNull |= itemType == null;
                element =
                        element == null ? itemType : itemType == null ? element : mergeElement(path, element, itemType);
            }
            Schema items = element == null ? Schema.create(Schema.Type.STRING) : element;
            return Schema.createArray(hasNull ? SchemaMerger.optional(items) : items);
        }
        throw new DataException("cannot map a " + value.getClass().getName() + " to a column");
    }

    private Schema mergeElement(String path, Schema a, Schema b) {
        try {
            return SchemaMerger.nonNull(
                    SchemaMerger.union(wrap(a), wrap(b)).getField("e").schema());
        } catch (DataException e) {
            String field = path.startsWith(recordName + "_") ? path.substring(recordName.length() + 1) : path;
            throw new DataException("array '" + ColumnRules.quoted(field) + "' mixes element types "
                    + Reasons.bounded(a.toString()) + " and " + Reasons.bounded(b.toString()));
        }
    }

    private static Schema wrap(Schema element) {
        Schema holder = Schema.createRecord("element_holder", null, null, false);
        holder.setFields(List.of(new Schema.Field("e", element, null, (Object) null)));
        return holder;
    }

    private Object mapValue(Object value, Schema avro) {
        if (value == null) {
            return null;
        }
        Schema type = SchemaMerger.nonNull(avro);
        switch (type.getType()) {
            case LONG:
                return value instanceof Date date ? date.getTime() : ((Number) value).longValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            case STRING:
                return value.toString();
            case BYTES:
                return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY: {
                List<?> items = (List<?>) value;
                List<Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(mapValue(item, type.getElementType()));
                }
                return out;
            }
            case RECORD: {
                Map<?, ?> map = (Map<?, ?>) value;
                GenericData.Record record = new GenericData.Record(type);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Schema.Field field = type.getField(AvroNames.sanitize((String) e.getKey()));
                    if (field != null) {
                        record.put(field.pos(), mapValue(e.getValue(), field.schema()));
                    }
                }
                return record;
            }
            default:
                return value;
        }
    }
}
