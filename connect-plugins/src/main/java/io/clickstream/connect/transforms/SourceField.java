package io.clickstream.connect.transforms;

import io.clickstream.connect.text.Quoted;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The field an enrichment reads, resolved once per struct schema (a chain sees one schema for long runs of records,
 * and a lookup by name costs a hash probe per record). One per transform instance, which Connect runs on one thread.
 *
 * <p>A struct whose schema lacks the field is a {@link TransformHalt}, not a rejected record: the field is named by
 * configuration (a typo, or the transform placed before the one that writes the field), so every record of the
 * schema would be rejected the same way.
 */
public final class SourceField {
    /** Characters of the schema's field names a message lists at most. */
    private static final int MAX_LISTED = 300;

    private final String key;
    private final String name;
    private final RecordSide side;
    private Schema lastSchema;
    private Field lastField;

    /** The field {@code name}, set by the configuration key {@code key}, of the record's {@code side}. */
    public SourceField(String key, String name, RecordSide side) {
        this.key = key;
        this.name = name;
        this.side = side;
    }

    /** The field of this struct's schema; a {@link TransformHalt} naming the key when the schema has none. */
    public Field of(Struct struct) {
        Schema schema = struct.schema();
        if (schema != lastSchema) {
            Field field = schema.field(name);
            if (field == null) {
                throw new TransformHalt(key + "=" + Quoted.value(name) + ": the record's " + side.noun()
                        + " schema has no such field; its fields are " + fieldNames(schema));
            }
            lastSchema = schema;
            lastField = field;
        }
        return lastField;
    }

    private static String fieldNames(Schema schema) {
        String names = schema.fields().stream().map(Field::name).collect(Collectors.joining(", ", "[", "]"));
        return Quoted.prefix(names, MAX_LISTED);
    }
}
