package io.clickstream.connect.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus of the Silver stage: {@value #RESOURCE}, one case per line, each a JSON object with
 * {@code id} (unique, a slug), {@code field} (the event field the rejection's reason must name, or
 * {@value #WHOLE_VALUE} when the fault is the record as a whole: not a JSON object, or too large),
 * {@code description}, and the record value as {@code value} (text, written as UTF-8) or {@code value_base64} (raw
 * bytes: invalid UTF-8, unescaped control bytes). Where the JSON breaks off inside a field, that field is named.
 *
 * <p>Values are templates: {@code {{now}}} becomes the ISO-8601 instant a case is rendered for (the record's Kafka
 * timestamp, so only the time cases break the event-time window) and {@code {{repeat:C:N}}} becomes the character
 * {@code C} repeated {@code N} times (huge values without a huge file). Every case has exactly one fault; the rest of it
 * is a valid event whose event id is unique to the case. Private addresses are not in the corpus: they are valid, and
 * the GeoIP step classifies them.
 *
 * <p>The connect-plugins test-jar carries this class and the resource, so the local stack's integration test reads
 * the same single copy.
 */
public final class BadEventCorpus {
    /** The corpus, on the test classpath. */
    public static final String RESOURCE = "/silver/bad-events.jsonl";
    /** {@code field} of cases whose fault is the record as a whole (the parse transform's pseudo-field). */
    public static final String WHOLE_VALUE = "(record)";

    private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat:(.):(\\d+)}}");
    private static final String NOW = "{{now}}";

    /** One case; {@link #value} renders its bytes. */
    public record BadEvent(String id, String field, String description, byte[] template, boolean binary) {
        /** The record value with {@code {{now}}} set to {@code now} (millisecond precision, UTC). */
        public byte[] value(Instant now) {
            // ISO-8859-1 maps bytes to chars one to one, so placeholders are replaced without touching invalid UTF-8.
            String text = new String(template, StandardCharsets.ISO_8859_1)
                    .replace(NOW, now.truncatedTo(ChronoUnit.MILLIS).toString());
            Matcher m = REPEAT.matcher(text);
            StringBuilder out = new StringBuilder(text.length());
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
            }
            m.appendTail(out);
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /** Whether the fault is the value as a whole rather than one field. */
        public boolean wholeValue() {
            return WHOLE_VALUE.equals(field);
        }

        @Override
        public String toString() {
            return id + " (" + field + ": " + description + ")";
        }
    }

    private BadEventCorpus() {}

    /** Every case, in file order. */
    public static List<BadEvent> load() {
        ObjectMapper json = new ObjectMapper();
        List<BadEvent> cases = new ArrayList<>();
        try (InputStream in = BadEventCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    cases.add(parse(json.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bad-event corpus " + RESOURCE, e);
        }
        return cases;
    }

    private static BadEvent parse(JsonNode node) {
        boolean binary = node.has("value_base64");
        byte[] template = binary
                ? Base64.getDecoder().decode(node.get("value_base64").asText())
                : node.get("value").asText().getBytes(StandardCharsets.UTF_8);
        return new BadEvent(
                node.get("id").asText(),
                node.get("field").asText(),
                node.get("description").asText(),
                template,
                binary);
    }
}
