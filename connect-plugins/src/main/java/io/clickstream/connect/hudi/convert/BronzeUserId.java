package io.clickstream.connect.hudi.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.clickstream.connect.text.TextChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The best-effort {@code user_id} of a Bronze row: the value's top-level {@code user_id} string when the value is a JSON
 * object, else null. It makes erasing a user a column filter instead of a scan of every value; it decides nothing else
 * (Bronze keeps every record whatever this finds).
 *
 * <p>Bounded before any work: a value over {@value #MAX_VALUE_BYTES} bytes is not read, nesting is limited, and the
 * parser keeps no field names (no symbol table to grow with names a stream of records invents), and a value that is
 * not strict UTF-8 has no id (Silver's parse refuses it whole). Reading stops at the first top-level {@code user_id}. An id is kept only if it is at most {@value #MAX_ID_CHARS} characters without
 * control characters or lone surrogates (what Silver's parse accepts as a user id, and what Parquet stores as
 * written); otherwise, and on any JSON error, the column is null.
 */
public final class BronzeUserId {

    /** The field read. */
    public static final String FIELD = "user_id";
    /** Values larger than this are not read: Kafka's default largest record. */
    static final int MAX_VALUE_BYTES = 1024 * 1024;
    /** Longest id kept: Silver's limit on a user id. */
    static final int MAX_ID_CHARS = 256;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, false)
            .build();

    private BronzeUserId() {}

    /** The user id of a value's bytes, or null. */
    public static String of(byte[] value, int offset, int length) {
        if (value == null || length == 0 || length > MAX_VALUE_BYTES || !startsAnObject(value, offset, length)) {
            return null;
        }
        String text = strictUtf8(value, offset, length);
        if (text == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                boolean wanted = FIELD.equals(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                if (wanted) {
                    if (valueToken != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    return storable(parser.getText());
                }
                parser.skipChildren();
            }
            return null;
        } catch (JacksonException e) {
            return null; // not JSON, or beyond the bounds: no id
        } catch (IOException e) {
            return null; // reading a byte array does no I/O
        }
    }

    /** A cheap refusal of what cannot be a JSON object: the first non-blank byte must be '{'. */
    private static boolean startsAnObject(byte[] value, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = value[i];
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    /**
     * The value as text if it is strict UTF-8 (no invalid or overlong sequence, no encoded surrogate), else null. The
     * JDK's decoder checks it: Jackson's parser without a symbol table reads bytes through a lenient reader.
     */
    private static String strictUtf8(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                try {
                    return StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, offset, length))
                            .toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII
    }

    private static String storable(String id) {
        return id.isEmpty() || id.length() > MAX_ID_CHARS || TextChecks.unstorable(id) >= 0 ? null : id;
    }
}
