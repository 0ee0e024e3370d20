package io.clickstream.connect.transforms.parse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clickstream.connect.text.Quoted;
import io.clickstream.contract.EventFields;
import io.clickstream.contract.SilverFields;
import io.clickstream.contract.SilverSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;

/**
 * Fields an event carries beyond {@code EventFields}, kept as extra optional columns ({@code unknown.fields=keep}):
 * typed from their JSON value, sorted by column name, with one schema per distinct set of (name, type) shared by
 * every record that has it (a cache bounded by the columns it holds).
 *
 * <p>A column is named by its field's name in lower case ({@link Locale#ROOT}): Spark resolves Silver's columns
 * case-insensitively and cannot read a table holding both {@code coupon} and {@code Coupon}, so {@code Coupon} and
 * {@code coupon} must be one column in every event, task and run. The rules a field must meet: a name of
 * {@link #COLUMN_NAME}'s syntax not starting with {@code _} (Hudi's {@code _hoodie_} columns and any future meta
 * column), lower-cased not a Silver column or event field ({@code Event_Type}, {@code KAFKA_OFFSET}), not the same
 * lower-cased name as another unknown field of the event, and a value a column can store; at most
 * {@code maxFields} of them per event. A field that breaks a rule, or is past the cap, rejects the record or is
 * dropped ({@link ParseClickEventConfig.InvalidUnknownField}).
 */
final class UnknownFieldColumns {
    static final Schema BASE = SilverSchema.EVENT;
    static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Lower-case names no unknown field may take in any case. */
    private static final Set<String> RESERVED = Stream.concat(SilverFields.ALL.stream(), EventFields.ALL.stream())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    /**
     * Columns, over all cached schemas, the schema cache holds at most: a schema is {@link #BASE}'s columns plus up to
     * 200 more, each a Connect {@code Field} (~200 bytes with its name and map entry), so about 4 MiB.
     */
    static final long MAX_CACHED_COLUMNS = 16_384;

    private final int maxFields;
    private final int maxStringLength;
    private final boolean dropInvalid;
    private final Cache<String, Schema> schemas = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumWeight(MAX_CACHED_COLUMNS)
            .weigher((String key, Schema schema) -> schema.fields().size())
            .build();

    UnknownFieldColumns(int maxFields, int maxStringLength, boolean dropInvalid) {
        this.maxFields = maxFields;
        this.maxStringLength = maxStringLength;
        this.dropInvalid = dropInvalid;
    }

    /**
     * The column values of the unknown fields ({@link RawEvent#unknown()}), by lower-case column name, sorted (empty
     * when none).
     */
    Map<String, Object> values(Map<String, Object> unknown) {
        if (unknown.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> spellings = new HashMap<>();
        for (String name : unknown.keySet()) {
            spellings.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<String, String> firstSpelling = new HashMap<>();
        TreeMap<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, Object> entry : unknown.entrySet()) {
            String name = entry.getKey();
            String column = name.toLowerCase(Locale.ROOT);
            String problem = nameProblem(name, column);
            if (problem == null && spellings.get(column) > 1) {
                String first = firstSpelling.putIfAbsent(column, name);
                if (first != null || dropInvalid) {
                    problem = "duplicate key: the unknown field " + Quoted.value(first == null ? name : first)
                            + " is the same column in another case (column names are compared in lower case)";
                }
            }
            try {
                if (problem != null) {
                    throw new InvalidEvent(name, problem);
                }
                if (entry.getValue() != null) {
                    values.put(column, columnValue(name, entry.getValue()));
                }
            } catch (InvalidEvent e) {
                if (!dropInvalid) {
                    throw e;
                }
            }
        }
        if (values.size() > maxFields) {
            if (!dropInvalid) {
                throw new InvalidEvent(
                        InvalidEvent.RECORD,
                        values.size() + " unknown fields, more than the limit of " + maxFields + " ("
                                + ParseClickEventConfig.MAX_UNKNOWN_FIELDS + ")");
            }
            while (values.size() > maxFields) {
                values.pollLastEntry();
            }
        }
        return values;
    }

    /** What is wrong with an unknown field's name, or null. */
    private static String nameProblem(String name, String column) {
        if (!COLUMN_NAME.matcher(name).matches()) {
            return "unknown field whose name is not a valid column name (" + COLUMN_NAME.pattern() + ")";
        }
        if (name.charAt(0) == '_') {
            return "unknown field whose name starts with '_', reserved for the table's own columns (_hoodie_...)";
        }
        if (RESERVED.contains(column)) {
            return "unknown field named like a Silver column or event field " + Quoted.value(column)
                    + " (column names are compared in lower case)";
        }
        return null;
    }

    Schema schema(Map<String, Object> values) {
        StringBuilder key = new StringBuilder();
        values.forEach((name, value) -> key.append(name)
                .append(':')
                .append(value.getClass().getSimpleName())
                .append(','));
        return schemas.get(key.toString(), k -> {
            Map<String, Schema> extra = new LinkedHashMap<>();
            values.forEach((name, value) -> extra.put(name, schemaOf(value)));
            return SilverSchema.eventSchema(extra);
        });
    }

    private Object columnValue(String name, Object value) {
        if (value instanceof String text) {
            String trimmed = text.strip();
            EventValidator.checkText(name, trimmed, maxStringLength);
            return trimmed;
        }
        if (value instanceof BigDecimal decimal) {
            // The reader bounds the digits and the scale, so the conversion is cheap.
            double d = decimal.doubleValue();
            if (Double.isInfinite(d)) {
                throw new InvalidEvent(
                        name,
                        "number out of the float64 range: "
                                + Quoted.prefix(decimal.toString(), Quoted.MAX_VALUE_CHARS));
            }
            return d;
        }
        if (value instanceof BigInteger) {
            throw new InvalidEvent(
                    name,
                    "whole number out of the 64-bit range: " + Quoted.prefix(value.toString(), Quoted.MAX_VALUE_CHARS));
        }
        return value;
    }

    private static Schema schemaOf(Object value) {
        if (value instanceof String) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        if (value instanceof Long) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (value instanceof Double) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        return Schema.OPTIONAL_BOOLEAN_SCHEMA;
    }
}
