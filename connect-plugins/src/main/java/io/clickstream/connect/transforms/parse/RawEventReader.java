package io.clickstream.connect.transforms.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.clickstream.connect.text.Quoted;
import io.clickstream.connect.text.TextChecks;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
 * UTF-8 ({@link StrictUtf8}: Jackson alone decodes overlong forms), lone surrogates in the names and string values of
 * unknown fields (an escaped {@code \ud800} is valid JSON but no character: stored, it would become {@code ?}; the
 * validator checks the declared fields' values, whose names are ASCII), numbers out of range (below), and input over
 * {@code maxBytes}. JSON is read with Jackson's streaming parser: no tree is built.
 *
 * <p>Numbers are bounded before any arithmetic: at most {@value #MAX_NUMBER_DIGITS} characters (Jackson's
 * {@code maxNumberLength}, which counts characters, so {@code 1e-20000000} passes it) and a decimal exponent within
 * &plusmn;{@value #MAX_NUMBER_EXPONENT}, read from the text before the value is made: {@code 1e-20000000} is a
 * BigDecimal of scale 20,000,000 that costs seconds to compare or rescale and 20 million digits to print. Decoded
 * input (map, struct) is held to the same bounds by scale and size.
 *
 * <p>Names are bounded too, over time: Jackson keeps every field name it reads in its factory's symbol table (merged
 * back after each record, copied into each new parser), so a stream of records with distinct long names would grow
 * the table, and every record's copy of it, without bound (3,000 names of 60,000 characters: minutes of CPU). Each
 * reader therefore has a factory of its own and replaces it by a fresh one after {@value #MAX_NAME_CHARS} characters
 * of names it has read beyond the declared fields (a few dozen, which the table holds once).
 */
final class RawEventReader {
    /** Characters of a JSON number; more is never a price or a quantity, and huge numbers are slow to convert. */
    static final int MAX_NUMBER_DIGITS = 40;
    /** Largest decimal exponent of a JSON number, either way; a double reaches 1e308 and 4.9e-324. */
    static final int MAX_NUMBER_EXPONENT = 500;
    /** Largest scale, either way, of a decoded decimal: what a JSON number within both bounds can have. */
    static final int MAX_DECIMAL_SCALE = MAX_NUMBER_EXPONENT + MAX_NUMBER_DIGITS;
    /** Largest unscaled value of a decoded number, in bits: 40 decimal digits need 133. */
    private static final int MAX_UNSCALED_BITS = 133;
    /** Characters of field names read through one Jackson factory before it is replaced (see above). */
    static final long MAX_NAME_CHARS = 64 * 1024;
    /** Finds the field an invalid UTF-8 byte is in (rare): no symbol table, so nothing to bound. */
    private static final JsonFactory FIELD_FINDER = newJsonFactory(false);

    private final AtomicLong nameChars = new AtomicLong();
    private volatile JsonFactory json = newJsonFactory(true);

    /** Decimal digits that always fit a long. */
    private static final int LONG_SAFE_DIGITS = 18;

    private final int maxBytes;

    RawEventReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    private static JsonFactory newJsonFactory(boolean canonicalNames) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(MAX_NUMBER_DIGITS)
                        .build())
                // No source in Jackson's locations: it quotes 500 characters of the raw input, control characters
                // included.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, canonicalNames)
                .build();
    }

    /** The Jackson factory for the next record: a fresh one once the current one has read its share of names. */
    private JsonFactory json() {
        if (nameChars.get() > MAX_NAME_CHARS) {
            nameChars.set(0);
            json = newJsonFactory(true);
        }
        return json;
    }

    RawEvent read(Object input) {
        if (input == null) {
            throw new InvalidEvent(InvalidEvent.RECORD, "is null (a tombstone or an empty record)");
        }
        if (input instanceof byte[] bytes) {
            checkSize(bytes.length);
            return parse(json(), bytes, 0, bytes.length);
        }
        if (input instanceof ByteBuffer buffer) {
            checkSize(buffer.remaining());
            if (buffer.hasArray()) {
                return parse(json(), buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return parse(json(), copy, 0, copy.length);
        }
        if (input instanceof String text) {
            // A UTF-8 char takes 1 to 3 bytes: only a text near the limit needs encoding to be measured.
            if (text.length() > maxBytes / 3) {
                checkSize(text.length() > maxBytes ? text.length() : text.getBytes(StandardCharsets.UTF_8).length);
            }
            return parse(json(), text);
        }
        if (input instanceof Map<?, ?> map) {
            return fromMap(map);
        }
        if (input instanceof Struct struct) {
            return fromStruct(struct);
        }
        throw new InvalidEvent(
                InvalidEvent.RECORD,
                "expected JSON text (string or bytes), a map or a struct, got "
                        + input.getClass().getSimpleName());
    }

    private void checkSize(int size) {
        if (size > maxBytes) {
            throw new InvalidEvent(
                    InvalidEvent.RECORD,
                    size + " bytes, more than the limit of " + maxBytes + " (" + ParseClickEventConfig.MAX_RECORD_BYTES
                            + ")");
        }
    }

    private RawEvent parse(JsonFactory json, byte[] bytes, int offset, int length) {
        // ASCII cannot hold an invalid UTF-8 sequence: Jackson's byte parser reads it without a decoded copy.
        if (!StrictUtf8.ascii(bytes, offset, length)) {
            return parse(json, StrictUtf8.decode(FIELD_FINDER, bytes, offset, length));
        }
        try {
            return parse(json.createParser(bytes, offset, length));
        } catch (IOException e) {
            throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage());
        }
    }

    private RawEvent parse(JsonFactory json, String text) {
        try {
            return parse(json.createParser(text));
        } catch (IOException e) {
            throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage());
        }
    }

    private RawEvent parse(JsonParser parser) {
        RawEvent fields = new RawEvent();
        long names = 0;
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEvent(InvalidEvent.RECORD, "not a JSON object");
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                // Counted before the value is read: Jackson has learnt the name even if the value then fails.
                int slot = RawEvent.slot(field);
                if (slot < 0) {
                    names += field.length();
                }
                Object value = value(parser, parser.nextToken(), field);
                fields.put(slot, field, value);
                if (slot < 0) {
                    checkUnknown(field, value);
                }
            }
            JsonToken token = parser.currentToken();
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidEvent(InvalidEvent.RECORD, "content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            // Jackson reads a name and the start of its value in one step: the current name is where it failed.
            String field = parser.getParsingContext().getCurrentName();
            if (field != null) {
                names += field.length(); // learnt even when the failure came before we saw it (a missing colon)
            }
            throw new InvalidEvent(
                    field == null ? InvalidEvent.RECORD : field, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEvent(InvalidEvent.RECORD, "unreadable JSON: " + e.getMessage());
        } finally {
            nameChars.addAndGet(names);
        }
        return fields;
    }

    private static Object value(JsonParser parser, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            // Up to 18 characters (sign included) always fit a long.
            case VALUE_NUMBER_INT ->
                parser.getTextLength() <= LONG_SAFE_DIGITS
                                || parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? (Object) parser.getLongValue()
                        : parser.getBigIntegerValue();
            // Fractions as BigDecimal, never double: money stays exact.
            case VALUE_NUMBER_FLOAT -> fraction(parser, field);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY ->
                throw new InvalidEvent(
                        field,
                        "nested " + (token == JsonToken.START_OBJECT ? "object" : "array")
                                + " where a plain value belongs");
            default -> throw new InvalidEvent(field, "unexpected JSON token " + token);
        };
    }

    /**
     * A JSON fraction as the exact BigDecimal: a plain one of up to 18 digits ({@code 19.99}, the usual price) straight
     * from its digits as an unscaled long and a scale, the same value and scale {@code new BigDecimal(text)} gives;
     * exponents and longer ones through Jackson's {@code getDecimalValue} once their exponent is checked.
     */
    private static BigDecimal fraction(JsonParser parser, String field) throws IOException {
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
                checkExponent(field, text, parser.getTextOffset(), end);
                return parser.getDecimalValue();
            }
            unscaled = unscaled * 10 + (c - '0');
            if (scale >= 0) {
                scale++;
            }
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /** Rejects a number whose exponent is beyond {@link #MAX_NUMBER_EXPONENT}, from its text (checked by Jackson). */
    private static void checkExponent(String field, char[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                int j = i + 1;
                if (text[j] == '-' || text[j] == '+') {
                    j++;
                }
                long exponent = 0;
                for (; j < end; j++) {
                    exponent =
                            Math.min(exponent * 10 + (text[j] - '0'), Integer.MAX_VALUE); // saturates, never overflows
                }
                if (exponent > MAX_NUMBER_EXPONENT) {
                    throw new InvalidEvent(
                            field,
                            "number out of range: exponent beyond \u00b1" + MAX_NUMBER_EXPONENT + " in "
                                    + Quoted.value(new String(text, start, end - start)));
                }
                return;
            }
        }
    }

    /** A decoded number within the bounds a JSON number is held to (digits and scale), as is. */
    private static <N extends Number> N checkNumber(String field, N number) {
        BigInteger unscaled = number instanceof BigDecimal decimal
                ? decimal.unscaledValue()
                : number instanceof BigInteger whole ? whole : null;
        if (unscaled != null && unscaled.bitLength() > MAX_UNSCALED_BITS) {
            throw new InvalidEvent(field, "number out of range: more than " + MAX_NUMBER_DIGITS + " digits");
        }
        if (number instanceof BigDecimal decimal && Math.abs(decimal.scale()) > MAX_DECIMAL_SCALE) {
            throw new InvalidEvent(
                    field, "number out of range: scale " + decimal.scale() + " beyond \u00b1" + MAX_DECIMAL_SCALE);
        }
        return number;
    }

    /**
     * Rejects a lone surrogate in an unknown field's name or string value, whether the field is kept or dropped: like
     * invalid UTF-8, it is not text, wherever it is.
     */
    private static void checkUnknown(String name, Object value) {
        int at = TextChecks.loneSurrogate(name);
        if (at >= 0) {
            throw new InvalidEvent(name, "the field name holds " + TextChecks.describeLoneSurrogate(name, at));
        }
        if (value instanceof String text && (at = TextChecks.loneSurrogate(text)) >= 0) {
            throw new InvalidEvent(name, "holds " + TextChecks.describeLoneSurrogate(text, at));
        }
    }

    private static RawEvent fromMap(Map<?, ?> map) {
        RawEvent fields = new RawEvent();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new InvalidEvent(
                        InvalidEvent.RECORD,
                        "field names must be strings, got "
                                + (entry.getKey() == null
                                        ? "null"
                                        : "a " + entry.getKey().getClass().getSimpleName()));
            }
            Object value = plain(name, entry.getValue());
            if (!fields.put(name, value)) {
                checkUnknown(name, value);
            }
        }
        return fields;
    }

    private static RawEvent fromStruct(Struct struct) {
        RawEvent fields = new RawEvent();
        for (Field field : struct.schema().fields()) {
            Object value = plain(field.name(), struct.get(field));
            if (!fields.put(field.name(), value)) {
                checkUnknown(field.name(), value);
            }
        }
        return fields;
    }

    /** A decoded value in the shapes JSON parsing gives. */
    private static Object plain(String field, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return checkNumber(field, (Number) value);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidEvent(field, "not a finite number: " + d);
            }
            return checkNumber(field, new BigDecimal(value.toString()));
        }
        if (value instanceof Map || value instanceof Iterable || value instanceof Struct) {
            throw new InvalidEvent(field, "nested value where a plain value belongs");
        }
        throw new InvalidEvent(
                field, "unsupported value type " + value.getClass().getSimpleName());
    }
}
