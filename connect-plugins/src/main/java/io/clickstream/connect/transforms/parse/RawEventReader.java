package io.clickstream.connect.transforms.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads one flat event into a {@link RawEvent}, from JSON text ({@code String}, {@code byte[]} or
 * {@link ByteBuffer}, UTF-8) or from an already decoded {@link Map} or {@link Struct}. Values come out as
 * {@code String}, {@code Long} or {@code BigInteger} (JSON integers), {@code BigDecimal} (JSON fractions),
 * {@code Boolean} or {@code null}; the validator checks their types.
 *
 * <p>Rejects ({@link InvalidEvent}): input that is not one JSON object, trailing content, a repeated key
 * (checked by {@link RawEvent} rather than with Jackson's {@code STRICT_DUPLICATE_DETECTION}, which reports the key
 * only inside its message), nested objects and arrays, NaN/Infinity (Jackson's default), bytes that are not strict
 * UTF-8 ({@link StrictUtf8}: Jackson alone decodes overlong forms), and input over {@code maxBytes}. JSON is read
 * with Jackson's streaming parser: no tree is built.
 */
final class RawEventReader {
  /** Digits of a JSON number; more is never a price or a quantity, and huge numbers are slow to convert. */
  static final int MAX_NUMBER_DIGITS = 40;
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_DIGITS).build())
      .build();

  /** Decimal digits that always fit a long. */
  private static final int LONG_SAFE_DIGITS = 18;

  private final int maxBytes;

  RawEventReader(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  RawEvent read(Object input) {
    if (input == null) {
      throw new InvalidEvent(InvalidEvent.RECORD, "is null (a tombstone or an empty record)");
    }
    if (input instanceof byte[] bytes) {
      checkSize(bytes.length);
      return parse(bytes, 0, bytes.length);
    }
    if (input instanceof ByteBuffer buffer) {
      checkSize(buffer.remaining());
      if (buffer.hasArray()) {
        return parse(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      }
      byte[] copy = new byte[buffer.remaining()];
      buffer.duplicate().get(copy);
      return parse(copy, 0, copy.length);
    }
    if (input instanceof String text) {
      // A UTF-8 char takes 1 to 3 bytes: only a text near the limit needs encoding to be measured.
      if (text.length() > maxBytes / 3) {
        checkSize(text.length() > maxBytes ? text.length() : text.getBytes(StandardCharsets.UTF_8).length);
      }
      return parse(text);
    }
    if (input instanceof Map<?, ?> map) {
      return fromMap(map);
    }
    if (input instanceof Struct struct) {
      return fromStruct(struct);
    }
    throw new InvalidEvent(InvalidEvent.RECORD, "expected JSON text (string or bytes), a map or a struct, got "
        + input.getClass().getSimpleName());
  }

  private void checkSize(int size) {
    if (size > maxBytes) {
      throw new InvalidEvent(InvalidEvent.RECORD, size + " bytes, more than the limit of " + maxBytes
          + " (" + ParseClickEventConfig.MAX_RECORD_BYTES + ")");
    }
  }

  private static RawEvent parse(byte[] bytes, int offset, int length) {
    // ASCII cannot hold an invalid UTF-8 sequence: Jackson's byte parser reads it without a decoded copy.
    if (StrictUtf8.ascii(bytes, offset, length)) {
      try {
        return parse(JSON.createParser(bytes, offset, length));
      } catch (IOException e) {
        throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage(), e);
      }
    }
    return parse(StrictUtf8.decode(JSON, bytes, offset, length));
  }

  private static RawEvent parse(String text) {
    try {
      return parse(JSON.createParser(text));
    } catch (IOException e) {
      throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage(), e);
    }
  }

  private static RawEvent parse(JsonParser parser) {
    RawEvent fields = new RawEvent();
    try (parser) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEvent(InvalidEvent.RECORD, "not a JSON object");
      }
      String field;
      while ((field = parser.nextFieldName()) != null) {
        fields.put(field, value(parser, parser.nextToken(), field));
      }
      JsonToken token = parser.currentToken();
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidEvent(InvalidEvent.RECORD, "content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      // Jackson reads a name and the start of its value in one step: the current name is where it failed.
      String field = parser.getParsingContext().getCurrentName();
      throw new InvalidEvent(field == null ? InvalidEvent.RECORD : field, "malformed JSON: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage(), e);
    }
    return fields;
  }

  private static Object value(JsonParser parser, JsonToken token, String field) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      // Up to 18 characters (sign included) always fit a long.
      case VALUE_NUMBER_INT -> parser.getTextLength() <= LONG_SAFE_DIGITS
          || parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
          ? (Object) parser.getLongValue() : parser.getBigIntegerValue();
      // Fractions as BigDecimal, never double: money stays exact.
      case VALUE_NUMBER_FLOAT -> fraction(parser);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case START_OBJECT, START_ARRAY -> throw new InvalidEvent(field, "nested "
          + (token == JsonToken.START_OBJECT ? "object" : "array") + " where a plain value belongs");
      default -> throw new InvalidEvent(field, "unexpected JSON token " + token);
    };
  }

  /**
   * A JSON fraction as the exact BigDecimal: a plain one of up to 18 digits ({@code 19.99}, the usual price) straight
   * from its digits as an unscaled long and a scale, the same value and scale {@code new BigDecimal(text)} gives;
   * exponents and longer ones through Jackson's {@code getDecimalValue}.
   */
  private static BigDecimal fraction(JsonParser parser) throws IOException {
    char[] text = parser.getTextCharacters();
    int i = parser.getTextOffset();
    int end = i + parser.getTextLength();
    boolean negative = text[i] == '-';
    if (negative) {
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    int scale = -1;
    for (; i < end; i++) {
      char c = text[i];
      if (c == '.') {
        scale = 0; // Jackson has checked the JSON number syntax: one point, digits on both sides
        continue;
      }
      if (c < '0' || c > '9' || ++digits > LONG_SAFE_DIGITS) {
        return parser.getDecimalValue();
      }
      unscaled = unscaled * 10 + (c - '0');
      if (scale >= 0) {
        scale++;
      }
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
  }

  private static RawEvent fromMap(Map<?, ?> map) {
    RawEvent fields = new RawEvent();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new InvalidEvent(String.valueOf(entry.getKey()), "field names must be strings");
      }
      fields.put(name, plain(name, entry.getValue()));
    }
    return fields;
  }

  private static RawEvent fromStruct(Struct struct) {
    RawEvent fields = new RawEvent();
    for (Field field : struct.schema().fields()) {
      fields.put(field.name(), plain(field.name(), struct.get(field)));
    }
    return fields;
  }

  /** A decoded value in the shapes JSON parsing gives. */
  private static Object plain(String field, Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof BigDecimal || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new InvalidEvent(field, "not a finite number: " + d);
      }
      return new BigDecimal(value.toString());
    }
    if (value instanceof Map || value instanceof Iterable || value instanceof Struct) {
      throw new InvalidEvent(field, "nested value where a plain value belongs");
    }
    throw new InvalidEvent(field, "unsupported value type " + value.getClass().getSimpleName());
  }
}
