package io.clickstream.connect.transforms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile records for the Silver stage, from a seed: the simulator's own events (clean originals) mutated at every
 * field and at the top level. Extreme and exotic numbers, names in other cases, reserved and non-ASCII names,
 * control characters and NUL in names and values, escaped lone surrogates, deep and wide nesting, huge strings (to
 * beyond {@code max.record.bytes}), repeated keys in the same and another case, many unknown fields, invalid UTF-8
 * bytes, cut and wrapped records; one to three mutations a record.
 *
 * <p>The generator does not say what the transforms should make of a record (most are rejections, some are valid
 * events, e.g. {@code -0} as a price): that is theirs to decide. Only the clean originals are known to be valid
 * ({@link HostileEvent#original()}). The same seed gives the same records.
 */
public final class HostileEvents {
    /** Label of a record that is a simulator event as produced. */
    public static final String ORIGINAL = "original";

    /** One record: its value bytes, what was done to it, and the Kafka timestamp to stamp it with. */
    public record HostileEvent(String label, byte[] value, Instant timestamp) {
        /** Whether it is a clean simulator event (no mutation). */
        public boolean original() {
            return ORIGINAL.equals(label);
        }

        @Override
        public String toString() {
            return label + " (" + value.length + " bytes)";
        }
    }

    static final List<String> NUMBERS = List.of(
            "1e-20000000",
            "1e600000000",
            "-1E-20000000",
            "1E+2147483648",
            "0e-99999999",
            "-0",
            "-0.0",
            "0.0e0",
            "1" + "0".repeat(399),
            "9".repeat(40),
            "1e308",
            "-1e308",
            "1e309",
            "4.9e-324",
            "2.5e-324",
            "1e-400",
            "1e400",
            "1e500",
            "1e-501",
            "9223372036854775808",
            "-9223372036854775809",
            "2147483648",
            "0.001",
            "19.999",
            "1.0000000000000000000000000000000000001",
            "123456789012345678.99",
            "NaN",
            "Infinity",
            "-Infinity",
            "01",
            "1.",
            ".5",
            "+1",
            "0x10",
            "1e",
            "--1");
    static final List<String> NAMES = List.of(
            "_hoodie_commit_time",
            "_hoodie_record_key",
            "_hoodie_partition_path",
            "kafka_offset",
            "KAFKA_OFFSET",
            "Kafka_Partition",
            "Event_Type",
            "EVENT_ID",
            "Country_ISO",
            "event_date",
            "Event_Date",
            "TimeStamp",
            "PRICE",
            "\u00e9v\u00e9nement",
            "\u65e5\u672c",
            "stra\u00dfe",
            "\u0130d",
            "",
            " ",
            "a b",
            "a.b",
            "a-b",
            "1st",
            "_x",
            "x".repeat(64),
            "y".repeat(65),
            "z".repeat(10_000),
            "coupon",
            "Coupon",
            "COUPON",
            "gift",
            "score",
            "\ud83d\ude00");
    private static final List<String> CONTROL_ESCAPES = List.of(
            "\\u0000",
            "\\u0001",
            "\\u001b[31m",
            "\\u007f",
            "\\u0085",
            "\\u009b",
            "\\n",
            "\\r",
            "\\t",
            "\\u2028",
            "\\u202e",
            "\\ufeff",
            "\\uffff");
    private static final List<String> SURROGATE_ESCAPES =
            List.of("\\ud800", "\\udc00", "\\udbff", "\\ud83dx", "\\ud800\\ud800", "\\udc00\\ud800", "x\\ud83d");
    /** Sequences that are not well-formed UTF-8. */
    private static final List<byte[]> INVALID_UTF8 = List.of(
            bytes(0xC0, 0xAF),
            bytes(0xE0, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xF4, 0x90, 0x80, 0x80),
            bytes(0xFF),
            bytes(0x80),
            bytes(0xE2, 0x82),
            bytes(0xC3, 0x28),
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
            bytes(0xE9));
    /** Stands for raw bytes in the text until it is encoded (a private-use character the events never hold). */
    private static final char RAW = '\ue000';

    private static final byte[] RAW_UTF8 = String.valueOf(RAW).getBytes(StandardCharsets.UTF_8);
    private static final int MUTATIONS = 18;
    private static final List<String> NUMERIC_FIELDS = List.of("\"price\"", "\"revenue\"", "\"quantity\"");

    private final Random random;
    private final List<Base> originals;

    /** A parsed original: its fields as JSON text fragments (name with quotes, value) and its event time. */
    private record Base(List<String[]> fields, Instant time) {}

    /** Mutations of {@code events} simulator events (seeded with {@code seed} too). */
    public HostileEvents(long seed, int events) {
        this(
                seed,
                SimulatedEvents.json(
                        events,
                        "seed",
                        Long.toString(seed),
                        "malformed.share",
                        "0",
                        "late.event.share",
                        "0",
                        "duplicate.share",
                        "0"));
    }

    /**
     * Mutations of the given well-formed events in the simulator's JSON (e.g. read from a running stack's topic, so
     * that their times are of now). Needs nothing of the simulator on the class path.
     */
    public HostileEvents(long seed, List<String> events) {
        this.random = new Random(seed);
        this.originals = new ArrayList<>(events.size());
        for (String json : events) {
            originals.add(parse(json));
        }
    }

    /** The next {@code count} records; about one in twenty is a clean original. */
    public List<HostileEvent> next(int count) {
        List<HostileEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    public HostileEvent next() {
        Base base = originals.get(random.nextInt(originals.size()));
        Draft draft = new Draft(base);
        // Every record an event id of its own: two accepted records never collapse to one row.
        draft.freshEventId(new UUID(random.nextLong(), random.nextLong()).toString());
        if (random.nextInt(20) == 0) {
            return new HostileEvent(ORIGINAL, draft.encode(), base.time());
        }
        List<String> labels = new ArrayList<>();
        int mutations = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        for (int m = 0; m < mutations; m++) {
            labels.add(mutate(draft));
        }
        return new HostileEvent(String.join(" + ", labels), draft.encode(), base.time());
    }

    /** One mutation of the draft; returns its label. */
    private String mutate(Draft d) {
        int at = d.fields.isEmpty() ? -1 : random.nextInt(d.fields.size());
        // Numbers are the costliest to get wrong: one mutation in four is one, half of them at a numeric field.
        int kind =
                at < 0 ? 13 + random.nextInt(MUTATIONS - 13) : random.nextInt(5) == 0 ? 0 : random.nextInt(MUTATIONS);
        if (kind == 0 && random.nextBoolean()) {
            at = d.numericField(at);
        }
        String field = at < 0 ? "(none)" : d.nameOf(at);
        switch (kind) {
            case 0 -> {
                String number = pick(NUMBERS);
                d.value(at, number);
                return "number " + number + " at " + field;
            }
            case 1 -> {
                String renamed = otherCase(field);
                d.name(at, quote(renamed));
                return "name " + renamed + " for " + field;
            }
            case 2 -> {
                d.fields.add(
                        random.nextInt(d.fields.size() + 1),
                        new String[] {d.fields.get(at)[0], d.fields.get(at)[1]});
                return "repeated key " + field;
            }
            case 3 -> {
                String renamed = otherCase(field);
                d.fields.add(
                        random.nextInt(d.fields.size() + 1),
                        new String[] {quote(renamed), d.fields.get(at)[1]});
                return "repeated key " + field + " as " + renamed;
            }
            case 4 -> {
                String control = pick(CONTROL_ESCAPES);
                d.value(at, insert(d.stringOrEmpty(at), control));
                return "control " + control + " in the value of " + field;
            }
            case 5 -> {
                String control = pick(CONTROL_ESCAPES);
                d.name(at, insert(d.fields.get(at)[0], control));
                return "control " + control + " in the name " + field;
            }
            case 6 -> {
                String surrogate = pick(SURROGATE_ESCAPES);
                if (random.nextBoolean()) {
                    d.value(at, insert(d.stringOrEmpty(at), surrogate));
                    return "lone surrogate " + surrogate + " in the value of " + field;
                }
                d.name(at, insert(d.fields.get(at)[0], surrogate));
                return "lone surrogate " + surrogate + " in the name " + field;
            }
            case 7 -> {
                int depth = pick(List.of(2, 64, 1_000, 2_000, 5_000));
                boolean arrays = random.nextBoolean();
                StringBuilder nested = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    nested.append(arrays ? "[" : "{\"a\":");
                }
                nested.append('1');
                for (int i = 0; i < depth; i++) {
                    nested.append(arrays ? ']' : '}');
                }
                d.value(at, nested.toString());
                return depth + " levels of " + (arrays ? "arrays" : "objects") + " at " + field;
            }
            case 8 -> {
                int width = pick(List.of(10, 1_000, 10_000));
                StringBuilder wide = new StringBuilder(random.nextBoolean() ? "[" : "{");
                boolean array = wide.charAt(0) == '[';
                for (int i = 0; i < width; i++) {
                    wide.append(i == 0 ? "" : ",")
                            .append(array ? "" : "\"k" + i + "\":")
                            .append(i);
                }
                d.value(at, wide.append(array ? ']' : '}').toString());
                return "a " + (array ? "array" : "object") + " of " + width + " at " + field;
            }
            case 9 -> {
                int length = pick(List.of(257, 2_049, 65_000, 70_000, 300_000));
                String unit = pick(List.of("a", " ", "\u00e9", "\u20ac", "\ud83d\ude00", "\\u0041", "\\\\"));
                d.value(at, "\"" + unit.repeat(length) + "\"");
                return "a string of " + length + " times " + unit + " at " + field;
            }
            case 10 -> {
                String value = pick(List.of("true", "false", "null", "{}", "[]", "\"\"", "\" \"", "\"\\u0000\"", "0"));
                d.value(at, value);
                return "value " + value + " at " + field;
            }
            case 11 -> {
                d.fields.remove(at);
                return "without " + field;
            }
            case 12 -> {
                byte[] invalid = pick(INVALID_UTF8);
                if (random.nextInt(4) == 0) {
                    d.name(at, insert(d.fields.get(at)[0], String.valueOf(RAW)));
                    d.raw.add(invalid);
                    return "invalid UTF-8 " + hex(invalid) + " in the name " + field;
                }
                d.value(at, insert(d.stringOrEmpty(at), String.valueOf(RAW)));
                d.raw.add(invalid);
                return "invalid UTF-8 " + hex(invalid) + " in the value of " + field;
            }
            case 13 -> {
                String name = pick(NAMES);
                String value = pick(List.of("\"x\"", "1", "0.5", "true", "null", "\"purchase\""));
                d.fields.add(random.nextInt(d.fields.size() + 1), new String[] {quote(name), value});
                return "field " + abbreviate(name) + " = " + value;
            }
            case 14 -> {
                int count = pick(List.of(1, 19, 20, 21, 200, 2_000));
                boolean colliding = random.nextInt(4) == 0;
                for (int i = 0; i < count; i++) {
                    String name = "extra_" + Integer.toString(random.nextInt(1_000_000), 36);
                    d.fields.add(new String[] {
                        quote(colliding && i % 2 == 1 ? name.toUpperCase(Locale.ROOT) : name), Integer.toString(i)
                    });
                }
                return count + " unknown fields" + (colliding ? ", some in upper case" : "");
            }
            case 15 -> {
                d.cut = 1 + random.nextInt(600);
                return "cut after " + d.cut + " bytes";
            }
            case 16 -> {
                d.wrap = pick(List.of(
                        "[%s]",
                        "%s%s", "{\"event\":%s}", "%s garbage", "\ufeff%s", "null", "", " ", "\"%s\"", "%s,", "{%s"));
                return "wrapped as " + d.wrap;
            }
            default -> {
                int pad = pick(List.of(60_000, 70_000, 1_000_000));
                d.fields.add(new String[] {quote("padding"), "\"" + "p".repeat(pad) + "\""});
                return "padded by " + pad + " bytes";
            }
        }
    }

    /** The event's fields as they are being mutated, then encoded. */
    private static final class Draft {
        final List<String[]> fields = new ArrayList<>();
        final List<byte[]> raw = new ArrayList<>();
        int cut = -1;
        String wrap;

        Draft(Base base) {
            for (String[] field : base.fields()) {
                fields.add(field.clone());
            }
        }

        String nameOf(int at) {
            String quoted = fields.get(at)[0];
            return abbreviate(quoted.substring(1, quoted.length() - 1));
        }

        /** The index of a price, revenue or quantity field when the event has one, else {@code otherwise}. */
        int numericField(int otherwise) {
            for (int i = 0; i < fields.size(); i++) {
                if (NUMERIC_FIELDS.contains(fields.get(i)[0])) {
                    return i;
                }
            }
            return otherwise;
        }

        void freshEventId(String id) {
            for (String[] field : fields) {
                if (field[0].equals("\"event_id\"")) {
                    field[1] = quote(id);
                }
            }
        }

        void name(int at, String quoted) {
            fields.get(at)[0] = quoted;
        }

        void value(int at, String json) {
            fields.get(at)[1] = json;
        }

        /** The value's JSON string, or "" when the value is no string. */
        String stringOrEmpty(int at) {
            String value = fields.get(at)[1];
            return value.startsWith("\"") ? value : "\"\"";
        }

        byte[] encode() {
            StringBuilder text = new StringBuilder("{");
            for (int i = 0; i < fields.size(); i++) {
                text.append(i == 0 ? "" : ",")
                        .append(fields.get(i)[0])
                        .append(':')
                        .append(fields.get(i)[1]);
            }
            String json = text.append('}').toString();
            if (wrap != null) {
                json = wrap.replace("%s", json);
            }
            byte[] bytes = substituteRaw(json.getBytes(StandardCharsets.UTF_8));
            if (cut >= 0 && cut < bytes.length) {
                byte[] shorter = new byte[cut];
                System.arraycopy(bytes, 0, shorter, 0, cut);
                return shorter;
            }
            return bytes;
        }

        /** The bytes with each {@link #RAW} replaced by the next raw sequence (wrapping repeats them in order). */
        private byte[] substituteRaw(byte[] bytes) {
            if (raw.isEmpty()) {
                return bytes;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            int next = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (i + 2 < bytes.length
                        && bytes[i] == RAW_UTF8[0]
                        && bytes[i + 1] == RAW_UTF8[1]
                        && bytes[i + 2] == RAW_UTF8[2]) {
                    out.writeBytes(raw.get(next++ % raw.size()));
                    i += 2;
                } else {
                    out.write(bytes[i]);
                }
            }
            return out.toByteArray();
        }
    }

    private static Base parse(String json) {
        List<String[]> fields = new ArrayList<>();
        Instant time = null;
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            parser.nextToken();
            String name;
            while ((name = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                String value = token == JsonToken.VALUE_STRING ? quote(parser.getText()) : parser.getText();
                if (name.equals("timestamp")) {
                    time = Instant.parse(parser.getText());
                }
                fields.add(new String[] {quote(name), value});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator event " + json, e);
        }
        return new Base(fields, time);
    }

    /** The text as a JSON string literal. */
    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** A JSON string literal with {@code escape} (JSON text) put at a random place inside its quotes. */
    private String insert(String quoted, String escape) {
        String inner = quoted.substring(1, quoted.length() - 1);
        // Between characters, never inside an escape: before a backslash or after a non-backslash run.
        int at = random.nextInt(inner.length() + 1);
        while (at > 0 && at < inner.length() && inner.lastIndexOf('\\', at - 1) >= Math.max(0, at - 6)) {
            at--;
        }
        return "\"" + inner.substring(0, at) + escape + inner.substring(at) + "\"";
    }

    private String otherCase(String name) {
        return switch (random.nextInt(3)) {
            case 0 -> name.toUpperCase(Locale.ROOT);
            case 1 -> {
                StringBuilder title = new StringBuilder(name.length());
                boolean start = true;
                for (char c : name.toCharArray()) {
                    title.append(start ? Character.toUpperCase(c) : c);
                    start = c == '_';
                }
                yield title.toString();
            }
            default -> {
                StringBuilder mixed = new StringBuilder(name.length());
                for (char c : name.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                yield mixed.toString();
            }
        };
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...(" + text.length() + " characters)";
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(out.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
