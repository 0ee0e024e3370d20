package io.clickstream.connect.hudi.table;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.errors.DataException;

/**
 * The upsert ordering value of a row: the {@code ordering.field}'s value, which must be present, not null, and a
 * long (also Connect Timestamp / Avro timestamp-millis), an int or a string. Anything else is refused with a
 * {@link DataException} naming the field, so the participant dead-letters the row instead of letting a commit fail
 * on it again and again. Strings compare as Java strings (Avro's {@link Utf8} is converted).
 */
public final class OrderingValue {

    private OrderingValue() {}

    public static Comparable<?> of(GenericRecord row, String field) {
        Schema.Field declared = row.getSchema().getField(field);
        if (declared == null) {
            throw new DataException("ordering field '" + field + "' is missing from the record");
        }
        Object value = row.get(field);
        if (value == null) {
            throw new DataException("ordering field '" + field + "' is null");
        }
        if (value instanceof Long || value instanceof Integer || value instanceof String) {
            return (Comparable<?>) value;
        }
        if (value instanceof Utf8 utf8) {
            return utf8.toString();
        }
        throw new DataException("ordering field '" + field + "' has a value of type "
                + value.getClass().getSimpleName() + " (schema " + declared.schema()
                + "); it must be a long, timestamp, int or string");
    }
}
