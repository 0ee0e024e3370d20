package io.clickstream.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Which simulator records a strict parser must accept, judged from the JSON alone (not by the parse transform's
 * code): a JSON object (no duplicate keys, nothing after it) whose {@code event_id}, {@code event_type},
 * {@code timestamp} and {@code session_id} are strings. The simulator's malformations break exactly these.
 */
final class WellFormedEvents {

    /** The fields the simulator's malformations break (event_id first). */
    private static final List<String> REQUIRED = List.of(
            BundleFields.event("EVENT_ID"),
            BundleFields.event("EVENT_TYPE"),
            BundleFields.event("TIMESTAMP"),
            BundleFields.event("SESSION_ID"));

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WellFormedEvents() {}

    /** The event when the record is well-formed, else null. */
    static JsonNode event(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            for (String field : REQUIRED) {
                if (node == null || !node.isObject() || !node.path(field).isTextual()) {
                    return null;
                }
            }
            return node;
        } catch (Exception e) {
            return null;
        }
    }

    /** The event id when the record is well-formed, else null. */
    static String eventId(String value) {
        JsonNode event = event(value);
        return event == null ? null : event.get(REQUIRED.get(0)).asText();
    }
}
