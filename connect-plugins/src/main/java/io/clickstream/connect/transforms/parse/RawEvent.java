package io.clickstream.connect.transforms.parse;

import io.clickstream.contract.EventFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event's fields as read, before any check: each field of {@link EventFields#ALL} in a slot of its own (by its
 * index in that list), any other field in a map in the order read. Values are {@code String}, {@code Long},
 * {@code BigInteger}, {@code BigDecimal}, {@code Boolean} or {@code null} (a JSON null, which counts as present).
 *
 * <p>{@link #put} rejects a field read twice ({@code duplicate key}). Slots instead of one map per record: the map's
 * entries and the validator's lookups by name cost more than the JSON parse of the fields.
 */
final class RawEvent {
    static final List<String> KNOWN = EventFields.ALL;
    static final int EVENT_ID = 0;
    static final int EVENT_TYPE = 1;
    static final int TIMESTAMP = 2;
    static final int USER_ID = 3;
    static final int SESSION_ID = 4;
    static final int PAGE_URL = 5;
    static final int REFERRER = 6;
    static final int IP_ADDRESS = 7;
    static final int USER_AGENT = 8;
    static final int DEVICE = 9;
    static final int PRODUCT_ID = 10;
    static final int CATEGORY = 11;
    static final int PRICE = 12;
    static final int QUANTITY = 13;
    static final int SEARCH_QUERY = 14;
    static final int REVENUE = 15;
    static final int CURRENCY = 16;
    static final int ORDER_ID = 17;
    static final int LATE = 18;

    static {
        for (int i = 0; i < KNOWN.size(); i++) {
            if (slot(KNOWN.get(i)) != i) {
                throw new ExceptionInInitializerError(
                        "slot of " + KNOWN.get(i) + " is not its index in EventFields.ALL");
            }
        }
    }

    private final Object[] known = new Object[KNOWN.size()];
    private int present;
    private Map<String, Object> unknown;

    /**
     * Records a field; a second value for the same name is an {@link InvalidEvent}. Returns whether the name is one of
     * {@link EventFields#ALL}.
     */
    boolean put(String name, Object value) {
        return put(slot(name), name, value);
    }

    /** {@link #put(String, Object)} with the name's {@link #slot} already looked up. */
    boolean put(int slot, String name, Object value) {
        if (slot < 0) {
            if (unknown == null) {
                unknown = new LinkedHashMap<>();
            } else if (unknown.containsKey(name)) {
                throw new InvalidEvent(name, "duplicate key");
            }
            unknown.put(name, value);
            return false;
        }
        int bit = 1 << slot;
        if ((present & bit) != 0) {
            throw new InvalidEvent(name, "duplicate key");
        }
        present |= bit;
        known[slot] = value;
        return true;
    }

    /** The value of a known field (null when absent or JSON null). */
    Object get(int slot) {
        return known[slot];
    }

    /** Whether a known field was present, null or not. */
    boolean has(int slot) {
        return (present & (1 << slot)) != 0;
    }

    /** The fields beyond {@link EventFields#ALL}, in the order read (empty when none). */
    Map<String, Object> unknown() {
        return unknown == null ? Map.of() : unknown;
    }

    static String name(int slot) {
        return KNOWN.get(slot);
    }

    /** The slot of a known field name, or -1. */
    static int slot(String name) {
        return switch (name) {
            case EventFields.EVENT_ID -> EVENT_ID;
            case EventFields.EVENT_TYPE -> EVENT_TYPE;
            case EventFields.TIMESTAMP -> TIMESTAMP;
            case EventFields.USER_ID -> USER_ID;
            case EventFields.SESSION_ID -> SESSION_ID;
            case EventFields.PAGE_URL -> PAGE_URL;
            case EventFields.REFERRER -> REFERRER;
            case EventFields.IP_ADDRESS -> IP_ADDRESS;
            case EventFields.USER_AGENT -> USER_AGENT;
            case EventFields.DEVICE -> DEVICE;
            case EventFields.PRODUCT_ID -> PRODUCT_ID;
            case EventFields.CATEGORY -> CATEGORY;
            case EventFields.PRICE -> PRICE;
            case EventFields.QUANTITY -> QUANTITY;
            case EventFields.SEARCH_QUERY -> SEARCH_QUERY;
            case EventFields.REVENUE -> REVENUE;
            case EventFields.CURRENCY -> CURRENCY;
            case EventFields.ORDER_ID -> ORDER_ID;
            case EventFields.LATE -> LATE;
            default -> -1;
        };
    }
}
