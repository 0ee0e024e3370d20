package io.clickstream.connect.hudi.convert;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;

/**
 * Schema evolution by union: a field that appears in a newer record is added as an optional field, never dropped,
 * so rows of every schema seen so far fit one table schema. Types of an existing field must not change.
 */
public final class SchemaMerger {

    private SchemaMerger() {}

    /** The union of two record schemas; {@code base}'s field order and names come first. */
    public static Schema union(Schema base, Schema added) {
        if (base == null) {
            return added;
        }
        if (added == null || base.equals(added)) {
            return base;
        }
        Schema merged = mergeType("", base, added);
        if (merged != base) {
            AvroNames.requireUniqueTypeNames(merged); // a field of one path named like another's nested type
        }
        return merged;
    }

    public static Schema unionAll(Collection<Schema> schemas) {
        Schema result = null;
        for (Schema schema : schemas) {
            result = union(result, schema);
        }
        return result;
    }

    private static Schema mergeRecord(String path, Schema base, Schema added) {
        Map<String, Schema.Field> baseFields = new LinkedHashMap<>();
        base.getFields().forEach(f -> baseFields.put(f.name(), f));
        List<Schema.Field> fields = new ArrayList<>();
        boolean changed = false;
        for (Schema.Field field : base.getFields()) {
            Schema.Field other = added.getField(field.name());
            if (other == null) {
                Schema optional = optional(field.schema());
                changed |= optional != field.schema();
                fields.add(copy(field, optional));
            } else {
                Schema merged = mergeType(path + field.name() + ".", field.schema(), other.schema());
                changed |= merged != field.schema();
                fields.add(copy(field, merged));
            }
        }
        for (Schema.Field field : added.getFields()) {
            if (!baseFields.containsKey(field.name())) {
                fields.add(copy(field, optional(field.schema())));
                changed = true;
            }
        }
        if (!changed) {
            return base;
        }
        Schema record = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false);
        record.setFields(fields);
        return record;
    }

    private static Schema mergeType(String path, Schema base, Schema added) {
        if (base.equals(added)) {
            return base;
        }
        boolean nullable = isNullable(base) || isNullable(added);
        Schema b = nonNull(base);
        Schema a = nonNull(added);
        Schema merged;
        if (b.getType() == Schema.Type.RECORD && a.getType() == Schema.Type.RECORD) {
            merged = mergeRecord(path, b, a);
        } else if (b.getType() == Schema.Type.ARRAY && a.getType() == Schema.Type.ARRAY) {
            Schema items = mergeType(path, b.getElementType(), a.getElementType());
            merged = items == b.getElementType() ? b : Schema.createArray(items);
        } else if (b.getType() == Schema.Type.MAP && a.getType() == Schema.Type.MAP) {
            Schema values = mergeType(path, b.getValueType(), a.getValueType());
            merged = values == b.getValueType() ? b : Schema.createMap(values);
        } else if (sameType(b, a)) {
            merged = b;
        } else {
            throw new DataException("field '" + ColumnRules.quoted(stripDot(path)) + "' changes type from "
                    + Reasons.bounded(b.toString()) + " to " + Reasons.bounded(a.toString()));
        }
        if (!nullable) {
            return merged;
        }
        if (merged == b && isNullable(base)) {
            return base;
        }
        return optional(merged);
    }

    private static boolean sameType(Schema a, Schema b) {
        return a.getType() == b.getType()
                && Objects.equals(a.getLogicalType(), b.getLogicalType())
                && (a.getType() != Schema.Type.FIXED || a.getFixedSize() == b.getFixedSize());
    }

    private static String stripDot(String path) {
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }

    static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> types = schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .toList();
        return types.size() == 1 ? types.get(0) : Schema.createUnion(types);
    }

    /** {@code ["null", T]} with a null default: the shape an added or missing field needs. */
    public static Schema optional(Schema schema) {
        if (schema.getType() == Schema.Type.UNION && schema.getTypes().get(0).getType() == Schema.Type.NULL) {
            return schema;
        }
        List<Schema> types = new ArrayList<>();
        types.add(Schema.create(Schema.Type.NULL));
        if (schema.getType() == Schema.Type.UNION) {
            schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL)
                    .forEach(types::add);
        } else {
            types.add(schema);
        }
        return Schema.createUnion(types);
    }

    private static Schema.Field copy(Schema.Field field, Schema schema) {
        Object defaultValue = field.hasDefaultValue() ? field.defaultVal() : null;
        if (schema.getType() == Schema.Type.UNION && schema.getTypes().get(0).getType() == Schema.Type.NULL) {
            defaultValue = JsonProperties.NULL_VALUE;
        } else if (defaultValue == null && field.hasDefaultValue()) {
            defaultValue = JsonProperties.NULL_VALUE;
        }
        return new Schema.Field(field.name(), schema, field.doc(), defaultValue);
    }

    /**
     * Copies a row into a wider schema (a {@link #union} of its own): fields it lacks become null. Records that already
     * have the target schema are returned as they are.
     */
    public static GenericRecord project(GenericRecord record, Schema target) {
        if (record.getSchema().equals(target)) {
            return record;
        }
        return (GenericRecord) projectValue(record, target, "");
    }

    private static Object projectValue(Object value, Schema target, String path) {
        if (value == null) {
            if (!isNullable(target)) {
                throw new DataException("field '" + stripDot(path) + "' is required by the table schema but missing");
            }
            return null;
        }
        Schema type = nonNull(target);
        switch (type.getType()) {
            case RECORD: {
                GenericRecord source = (GenericRecord) value;
                if (source.getSchema().equals(type)) {
                    return source;
                }
                GenericData.Record out = new GenericData.Record(type);
                for (Schema.Field field : type.getFields()) {
                    Schema.Field from = source.getSchema().getField(field.name());
                    Object v = from == null ? null : source.get(from.pos());
                    if (v == null && from == null && field.hasDefaultValue() && !isNullable(field.schema())) {
                        v = GenericData.get().getDefaultValue(field);
                    }
                    out.put(field.pos(), projectValue(v, field.schema(), path + field.name() + "."));
                }
                return out;
            }
            case ARRAY: {
                List<?> items = (List<?>) value;
                List<Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(projectValue(item, type.getElementType(), path));
                }
                return out;
            }
            case MAP: {
                Map<?, ?> entries = (Map<?, ?>) value;
                Map<Object, Object> out = new HashMap<>(entries.size() * 2);
                entries.forEach((k, v) -> out.put(k, projectValue(v, type.getValueType(), path)));
                return out;
            }
            case BYTES:
                return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            default:
                return value;
        }
    }
}
