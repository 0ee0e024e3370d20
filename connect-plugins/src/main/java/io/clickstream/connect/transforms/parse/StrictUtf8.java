package io.clickstream.connect.transforms.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes record bytes as well-formed UTF-8 (RFC 3629) only. Jackson's byte parser rejects most invalid sequences
 * but decodes overlong forms ({@code C0 AF} becomes {@code /}) and encoded surrogates; the JDK's UTF-8 decoder, told
 * to {@link CodingErrorAction#REPORT report}, rejects those too. Pure ASCII (checked eight bytes at a time by
 * {@link #ascii}) holds no invalid sequence: {@link RawEventReader} hands such bytes to Jackson's byte parser as they
 * are; anything else is decoded here and Jackson reads the text.
 *
 * <p>An invalid sequence is an {@link InvalidEvent} naming the field whose value holds it (or {@code (record)} when
 * it is in a field name or outside any string), its byte offset and its bytes.
 */
final class StrictUtf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private StrictUtf8() {}

    /** The text of the bytes; an {@link InvalidEvent} when they are not well-formed UTF-8. */
    static String decode(JsonFactory json, byte[] bytes, int offset, int length) {
        if (ascii(bytes, offset, length)) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // a plain copy: ASCII is Latin-1
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new InvalidEvent(
                    fieldAt(json, bytes, offset, at),
                    "invalid UTF-8 at byte " + (at - offset) + ": "
                            + sequence(bytes, at, offset + length)
                            + " is not a well-formed sequence (overlong, surrogate, beyond "
                            + "U+10FFFF, cut off or a stray byte)");
        }
        return out.flip().toString();
    }

    /** The bad byte and the continuation bytes (10xxxxxx) after it, at most four, in hex. */
    private static String sequence(byte[] bytes, int at, int end) {
        StringBuilder hex = new StringBuilder(String.format("%02X", bytes[at] & 0xff));
        for (int i = at + 1; i < end && i < at + 4 && (bytes[i] & 0xC0) == 0x80; i++) {
            hex.append(String.format(" %02X", bytes[i] & 0xff));
        }
        return hex.toString();
    }

    /** Whether no byte has its high bit set; eight bytes at a time (the check runs on every record). */
    static boolean ascii(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        long any = 0;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            any |= (long) LONGS.get(bytes, i);
        }
        for (; i < end; i++) {
            any |= bytes[i]; // sign-extended: a high byte sets the high bits
        }
        return (any & HIGH_BITS) == 0;
    }

    /**
     * The field whose value the byte at {@code at} is in: Jackson reads the valid bytes before it, which end inside
     * that value. When they end after a complete value (the bad byte is in a name or between tokens), the record.
     */
    private static String fieldAt(JsonFactory json, byte[] bytes, int offset, int at) {
        String field = null;
        try (JsonParser parser = json.createParser(bytes, offset, at - offset)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                } else {
                    parser.getText(); // a string value is read lazily: read it to reach its end
                    field = null;
                }
            }
        } catch (IOException e) {
            // the valid prefix ends here: inside the value of `field`, or not in a value
        }
        return field == null ? InvalidEvent.RECORD : field;
    }
}
