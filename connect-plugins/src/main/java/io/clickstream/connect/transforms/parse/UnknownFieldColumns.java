package io.clickstream.connect.transforms.parse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clickstream.connect.transforms.SilverSchema;
import io.clickstream.simulator.event.SilverFields;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;

/**
 * Fields an event carries beyond {@code EventFields}, kept as extra optional columns ({@code unknown.fields=keep}):
 * typed from their JSON value, sorted by name, with one schema per distinct set of (name, type) shared by every
 * record that has it (bounded cache).
 */
final class UnknownFieldColumns {
  static final Schema BASE = SilverSchema.EVENT;
  private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Set<String> SILVER = Set.copyOf(SilverFields.ALL);
  private static final int MAX_CACHED_SCHEMAS = 256;

  private final int maxFields;
  private final int maxStringLength;
  private final Cache<String, Schema> schemas =
      Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_CACHED_SCHEMAS).build();

  UnknownFieldColumns(int maxFields, int maxStringLength) {
    this.maxFields = maxFields;
    this.maxStringLength = maxStringLength;
  }

  /** The column values of the unknown fields ({@link RawEvent#unknown()}), sorted by name (empty when none). */
  Map<String, Object> values(Map<String, Object> unknown) {
    if (unknown.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> values = new TreeMap<>();
    for (Map.Entry<String, Object> entry : unknown.entrySet()) {
      String name = entry.getKey();
      Object value = entry.getValue();
      if (value == null) {
        continue;
      }
      if (!COLUMN_NAME.matcher(name).matches()) {
        throw new InvalidEvent(name, "unknown field whose name is not a valid column name");
      }
      if (SILVER.contains(name)) {
        throw new InvalidEvent(name, "unknown field named like a column Silver derives itself");
      }
      values.put(name, columnValue(name, value));
    }
    if (values.size() > maxFields) {
      throw new InvalidEvent(InvalidEvent.RECORD, values.size() + " unknown fields, more than the limit of "
          + maxFields + " (" + ParseClickEventConfig.MAX_UNKNOWN_FIELDS + ")");
    }
    return values;
  }

  Schema schema(Map<String, Object> values) {
    StringBuilder key = new StringBuilder();
    values.forEach((name, value) -> key.append(name).append(':').append(value.getClass().getSimpleName()).append(','));
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
      double d = decimal.doubleValue();
      if (Double.isInfinite(d)) {
        throw new InvalidEvent(name, "number out of range: " + decimal);
      }
      return d;
    }
    if (value instanceof BigInteger) {
      throw new InvalidEvent(name, "whole number out of the 64-bit range: " + value);
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
