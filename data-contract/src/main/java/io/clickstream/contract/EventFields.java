package io.clickstream.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one declaration of the clickstream event: its JSON field names and its event types.
 *
 * <p>The simulator writes these names, the Silver parse transform reads them and the Gold job aggregates them, so
 * this class depends on nothing but the JDK and can be copied into any classpath. Every event is one flat JSON
 * object on one line (UTF-8).
 *
 * <ul>
 *   <li>Always present ({@link #REQUIRED}): {@link #EVENT_ID}, {@link #EVENT_TYPE}, {@link #TIMESTAMP},
 *       {@link #USER_ID}, {@link #SESSION_ID}, {@link #PAGE_URL}, {@link #REFERRER}, {@link #IP_ADDRESS},
 *       {@link #USER_AGENT}, {@link #DEVICE} — all JSON strings; {@code referrer} is {@code ""} for direct traffic.</li>
 *   <li>{@code product_view}, {@code add_to_cart}, {@code remove_from_cart}: {@link #PRODUCT_ID}, {@link #CATEGORY}
 *       (strings), {@link #PRICE} (number, unit price); the cart events add {@link #QUANTITY} (integer).</li>
 *   <li>{@code search}: {@link #SEARCH_QUERY} (string).</li>
 *   <li>{@code checkout}: {@link #QUANTITY} (items in the cart).</li>
 *   <li>{@code purchase}: {@link #QUANTITY}, {@link #REVENUE} (number), {@link #CURRENCY} (ISO 4217 string),
 *       {@link #ORDER_ID} (string).</li>
 *   <li>{@link #LATE}: {@code true} only on an event whose timestamp is earlier than its session's previous event
 *       (a late arrival); absent otherwise.</li>
 * </ul>
 */
public final class EventFields {

    /** UUID, unique per event; a duplicate delivery repeats it. */
    public static final String EVENT_ID = "event_id";
    /** One of {@link EventType#wireName()}. */
    public static final String EVENT_TYPE = "event_type";
    /** Event time, ISO-8601 UTC with milliseconds, e.g. {@code 2026-01-01T00:00:00.123Z}. */
    public static final String TIMESTAMP = "timestamp";

    public static final String USER_ID = "user_id";
    /** UUID of the visit; also the Kafka record key. */
    public static final String SESSION_ID = "session_id";

    public static final String PAGE_URL = "page_url";
    public static final String REFERRER = "referrer";
    /** IPv4 dotted quad or IPv6 text form. */
    public static final String IP_ADDRESS = "ip_address";

    public static final String USER_AGENT = "user_agent";
    /** One of {@link Device#wireName()}. */
    public static final String DEVICE = "device";

    public static final String PRODUCT_ID = "product_id";
    public static final String CATEGORY = "category";
    public static final String PRICE = "price";
    public static final String QUANTITY = "quantity";
    public static final String SEARCH_QUERY = "search_query";
    public static final String REVENUE = "revenue";
    public static final String CURRENCY = "currency";
    public static final String ORDER_ID = "order_id";
    public static final String LATE = "late";

    /** Fields every valid event carries, all JSON strings. */
    public static final List<String> REQUIRED = List.of(
            EVENT_ID, EVENT_TYPE, TIMESTAMP, USER_ID, SESSION_ID, PAGE_URL, REFERRER, IP_ADDRESS, USER_AGENT, DEVICE);

    /** Every field name, in the order the simulator writes them. */
    public static final List<String> ALL = List.of(
            EVENT_ID,
            EVENT_TYPE,
            TIMESTAMP,
            USER_ID,
            SESSION_ID,
            PAGE_URL,
            REFERRER,
            IP_ADDRESS,
            USER_AGENT,
            DEVICE,
            PRODUCT_ID,
            CATEGORY,
            PRICE,
            QUANTITY,
            SEARCH_QUERY,
            REVENUE,
            CURRENCY,
            ORDER_ID,
            LATE);

    /** The kinds of interaction, in funnel order. */
    public enum EventType {
        PAGE_VIEW("page_view"),
        SEARCH("search"),
        PRODUCT_VIEW("product_view"),
        ADD_TO_CART("add_to_cart"),
        REMOVE_FROM_CART("remove_from_cart"),
        CHECKOUT("checkout"),
        PURCHASE("purchase");

        private static final Map<String, EventType> BY_WIRE_NAME =
                Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

        private final String wireName;

        EventType(String wireName) {
            this.wireName = wireName;
        }

        /** The value of {@link #EVENT_TYPE} in JSON. */
        public String wireName() {
            return wireName;
        }

        /** Whether the event carries {@link #PRODUCT_ID}, {@link #CATEGORY} and {@link #PRICE}. */
        public boolean hasProduct() {
            return this == PRODUCT_VIEW || this == ADD_TO_CART || this == REMOVE_FROM_CART;
        }

        /** Whether the event carries {@link #QUANTITY}. */
        public boolean hasQuantity() {
            return this == ADD_TO_CART || this == REMOVE_FROM_CART || this == CHECKOUT || this == PURCHASE;
        }

        /** The type with this wire name, or {@code null} when there is none. */
        public static EventType fromWireName(String wireName) {
            return BY_WIRE_NAME.get(wireName);
        }
    }

    /** The kinds of client, as reported in {@link #DEVICE}. */
    public enum Device {
        DESKTOP("desktop"),
        MOBILE("mobile"),
        TABLET("tablet"),
        /** Crawlers and scripts; they never buy. */
        BOT("bot");

        private final String wireName;

        Device(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private EventFields() {}
}
