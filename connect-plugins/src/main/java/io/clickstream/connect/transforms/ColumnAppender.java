package io.clickstream.connect.transforms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clickstream.contract.SilverSchema.Column;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes an enrichment's columns into a record part, {@link Struct} or schemaless {@link Map}: a struct whose schema
 * has the columns already (the Silver struct {@code ParseClickEvent} writes) gets them filled in place, which is
 * safe because that struct is made per record and repeatable because the values only depend on the record; a
 * struct whose schema lacks them is copied into a schema with them appended (made once per input schema and cached,
 * bounded); a map is copied. A column of the same name but another type is an error, not silently replaced.
 *
 * <p>Thread-safe; one per transform instance.
 */
public final class ColumnAppender {
    private static final int MAX_CACHED_SCHEMAS = 256;

    private final String transformName;
    private final List<Column> columns;
    // The last schema pair: a chain sees one schema for a long run of records, and Schema.hashCode is deep.
    private volatile SchemaPair last = new SchemaPair(null, null, new Field[0]);
    private final Cache<Schema, Schema> extended = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(MAX_CACHED_SCHEMAS)
            .build();

    public ColumnAppender(String transformName, List<Column> columns) {
        this.transformName = transformName;
        this.columns = columns;
    }

    /** A struct with {@code values} (one per column, in column order) written into its columns. */
    public Struct append(Struct input, Object[] values) {
        Schema inputSchema = input.schema();
        SchemaPair pair = last;
        if (pair.input() != inputSchema) {
            Schema output = extended.get(inputSchema, this::extend);
            Field[] columnFields =
                    columns.stream().map(c -> output.field(c.name())).toArray(Field[]::new);
            pair = new SchemaPair(inputSchema, output, columnFields);
            last = pair;
        }
        Schema schema = pair.output();
        if (schema == inputSchema) {
            Field[] columnFields = pair.columnFields();
            for (int i = 0; i < values.length; i++) {
                // Struct.put validates (and builds an error context string) on every call: a null over a null is
                // skipped.
                if (values[i] != null || input.get(columnFields[i]) != null) {
                    input.put(columnFields[i], values[i]);
                }
            }
            return input;
        }
        Struct out = new Struct(schema);
        // The output's first fields are the input's, at the same indexes.
        List<Field> inFields = inputSchema.fields();
        List<Field> outFields = schema.fields();
        for (int i = 0; i < inFields.size(); i++) {
            out.put(outFields.get(i), input.get(inFields.get(i)));
        }
        for (int i = 0; i < values.length; i++) {
            out.put(pair.columnFields()[i], values[i]);
        }
        return out;
    }

    /** A copy of the map with {@code values} written into its columns (nulls included, so every row has them). */
    public Map<Object, Object> append(Map<?, ?> input, Object[] values) {
        Map<Object, Object> out = new HashMap<>(input);
        for (int i = 0; i < values.length; i++) {
            out.put(columns.get(i).name(), values[i]);
        }
        return out;
    }

    private record SchemaPair(Schema input, Schema output, Field[] columnFields) {}

    private Schema extend(Schema input) {
        boolean complete = true;
        for (Column column : columns) {
            Field present = input.field(column.name());
            if (present != null && !present.schema().equals(column.schema())) {
                throw new DataException(transformName + ": field '" + column.name() + "' exists with type "
                        + present.schema().type() + " but this transform writes "
                        + column.schema().type());
            }
            complete &= present != null;
        }
        if (complete) {
            return input;
        }
        SchemaBuilder builder = SchemaBuilder.struct()
                .name(input.name())
                .version(input.version())
                .doc(input.doc());
        if (input.isOptional()) {
            builder.optional();
        }
        for (Field field : input.fields()) {
            builder.field(field.name(), field.schema());
        }
        for (Column column : columns) {
            if (input.field(column.name()) == null) {
                builder.field(column.name(), column.schema());
            }
        }
        return builder.build();
    }
}
