package io.clickstream.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.contract.EventFields;
import io.clickstream.contract.EventFields.EventType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What a strict consumer checks: valid JSON, the required fields as strings, known type, ISO instant, numbers. */
public final class StrictEventParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StrictEventParser() {}

    /** The parsed event, or {@code null} with the reasons added to {@code problems}. */
    public static JsonNode parse(String json, List<String> problems) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add("not JSON: " + e.getOriginalMessage());
            return null;
        }
        if (node == null || !node.isObject()) {
            problems.add("not a JSON object");
            return null;
        }
        for (String field : EventFields.REQUIRED) {
            JsonNode value = node.get(field);
            if (value == null) {
                problems.add("missing " + field);
            } else if (!value.isTextual()) {
                problems.add(field + " is not a string: " + value);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        EventType type = EventType.fromWireName(node.get(EventFields.EVENT_TYPE).asText());
        if (type == null) {
            problems.add("unknown event_type " + node.get(EventFields.EVENT_TYPE));
            return null;
        }
        try {
            Instant.parse(node.get(EventFields.TIMESTAMP).asText());
        } catch (DateTimeParseException e) {
            problems.add("bad timestamp " + node.get(EventFields.TIMESTAMP));
        }
        if (type.hasProduct()) {
            requireText(node, EventFields.PRODUCT_ID, problems);
            requireText(node, EventFields.CATEGORY, problems);
            requireNumber(node, EventFields.PRICE, problems);
        }
        if (type.hasQuantity()
                && !(node.path(EventFields.QUANTITY).isInt()
                        && node.get(EventFields.QUANTITY).asInt() > 0)) {
            problems.add("quantity must be a positive integer: " + node.get(EventFields.QUANTITY));
        }
        if (type == EventType.SEARCH) {
            requireText(node, EventFields.SEARCH_QUERY, problems);
        }
        if (type == EventType.PURCHASE) {
            requireNumber(node, EventFields.REVENUE, problems);
            requireText(node, EventFields.CURRENCY, problems);
            requireText(node, EventFields.ORDER_ID, problems);
        }
        if (node.has(EventFields.LATE) && !node.get(EventFields.LATE).isBoolean()) {
            problems.add("late is not a boolean");
        }
        return problems.isEmpty() ? node : null;
    }

    public static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        parse(json, problems);
        return problems;
    }

    private static void requireText(JsonNode node, String field, List<String> problems) {
        if (!node.path(field).isTextual()) {
            problems.add(field + " must be a string: " + node.get(field));
        }
    }

    private static void requireNumber(JsonNode node, String field, List<String> problems) {
        if (!node.path(field).isNumber() || node.get(field).asDouble() < 0) {
            problems.add(field + " must be a non-negative number: " + node.get(field));
        }
    }
}
