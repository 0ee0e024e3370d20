package io.clickstream.connect.transforms;

import io.clickstream.contract.SilverSchema.Column;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * What the enrichments share: read one source field of a struct or map record part, write their columns
 * ({@link ColumnAppender}), optionally rewrite the source field. A null part (tombstone) passes unchanged; any other
 * part that is not a struct or a map is a {@code DataException}; a struct without the source field in its schema
 * fails the task ({@link SourceField}).
 */
public abstract class Enrichment<R extends ConnectRecord<R>> implements Transformation<R> {
    private String field;
    private SourceField sourceField;
    private ColumnAppender appender;

    /**
     * Called by {@code configure}: the source field, with the configuration key that names it (for the message when a
     * record's schema lacks it), and the columns this enrichment writes.
     */
    protected final void enrich(String key, String sourceFieldName, List<Column> columns) {
        field = sourceFieldName;
        sourceField = new SourceField(key, sourceFieldName, side());
        appender = new ColumnAppender(getClass().getName(), columns);
    }

    /** The column values, in the order of the columns, for the source field's value (null when absent). */
    protected abstract Object[] values(Object source);

    /** The source field's new value; the value itself to leave it as it is. */
    protected Object rewrittenSource(Object source) {
        return source;
    }

    protected abstract RecordSide side();

    /** The source field's name, for error messages. */
    protected final String sourceFieldName() {
        return field;
    }

    @Override
    public R apply(R record) {
        Object part = side().value(record);
        if (part == null) {
            return record;
        }
        if (part instanceof Struct struct) {
            Object source = struct.get(sourceField.of(struct));
            Struct out = appender.append(struct, values(source));
            Object rewritten = rewrittenSource(source);
            if (rewritten != source) {
                out.put(sourceField.of(out), rewritten);
            }
            return side().with(record, out.schema(), out);
        }
        if (part instanceof Map<?, ?> map) {
            Object source = map.get(field);
            Map<Object, Object> out = appender.append(map, values(source));
            Object rewritten = rewrittenSource(source);
            if (rewritten != source) {
                out.put(field, rewritten);
            }
            return side().with(record, null, out);
        }
        throw new DataException(getClass().getName() + " needs a struct or a map as the record's " + side().noun()
                + ", got " + part.getClass().getSimpleName() + " (put ParseClickEvent before it)");
    }
}
