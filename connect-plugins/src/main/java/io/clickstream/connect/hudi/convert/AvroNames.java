package io.clickstream.connect.hudi.convert;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.connect.errors.DataException;

/** Avro names allow [A-Za-z_][A-Za-z0-9_]*: field names from Kafka data are mapped onto that alphabet. */
final class AvroNames {

    private AvroNames() {}

    static String sanitize(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    /**
     * Nested records and decimals are named after their path ({@code events_record_a_b}), so different paths can give
     * one name ({@code a_b} and {@code a.b}; a decimal {@code price} and a record {@code price_decimal}). Avro cannot
     * write such a schema as text ("Can't redefine"), which staging needs: refuse it as data.
     *
     * @throws DataException naming the type name used twice
     */
    static void requireUniqueTypeNames(Schema schema) {
        collect(schema, new HashMap<>(), new IdentityHashMap<>());
    }

    private static void collect(Schema schema, Map<String, Schema> named, Map<Schema, Boolean> visited) {
        if (visited.put(schema, Boolean.TRUE) != null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD, FIXED, ENUM -> {
                Schema earlier = named.putIfAbsent(schema.getFullName(), schema);
                if (earlier != null && !earlier.equals(schema)) {
                    throw new DataException("two different nested fields map to the Avro type name '"
                            + ColumnRules.quoted(schema.getFullName())
                            + "' (names are mapped onto letters, digits and '_', and "
                            + "nested types are named after their path): rename one of them");
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), named, visited));
                }
            }
            case ARRAY -> collect(schema.getElementType(), named, visited);
            case MAP -> collect(schema.getValueType(), named, visited);
            case UNION -> schema.getTypes().forEach(t -> collect(t, named, visited));
            default -> {}
        }
    }
}
