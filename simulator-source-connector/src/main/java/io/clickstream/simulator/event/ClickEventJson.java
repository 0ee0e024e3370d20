package io.clickstream.simulator.event;

import static io.clickstream.contract.EventFields.CATEGORY;
import static io.clickstream.contract.EventFields.CURRENCY;
import static io.clickstream.contract.EventFields.DEVICE;
import static io.clickstream.contract.EventFields.EVENT_ID;
import static io.clickstream.contract.EventFields.EVENT_TYPE;
import static io.clickstream.contract.EventFields.IP_ADDRESS;
import static io.clickstream.contract.EventFields.LATE;
import static io.clickstream.contract.EventFields.ORDER_ID;
import static io.clickstream.contract.EventFields.PAGE_URL;
import static io.clickstream.contract.EventFields.PRICE;
import static io.clickstream.contract.EventFields.PRODUCT_ID;
import static io.clickstream.contract.EventFields.QUANTITY;
import static io.clickstream.contract.EventFields.REFERRER;
import static io.clickstream.contract.EventFields.REVENUE;
import static io.clickstream.contract.EventFields.SEARCH_QUERY;
import static io.clickstream.contract.EventFields.SESSION_ID;
import static io.clickstream.contract.EventFields.TIMESTAMP;
import static io.clickstream.contract.EventFields.USER_AGENT;
import static io.clickstream.contract.EventFields.USER_ID;

import io.clickstream.simulator.event.ClickEvent.Malformation;
import java.util.List;

/**
 * Writes a {@link ClickEvent} as one line of JSON.
 *
 * <p>Hand-written because the event is flat and the simulator's plugin must not ship a JSON library; the output is
 * fixed by this code (field order, number format), which the byte-for-byte reproducibility relies on.
 */
public final class ClickEventJson {

    /** The required fields a malformed record may lose or mistype: without any of them the event is unusable. */
    private static final List<String> SPOILABLE = List.of(EVENT_ID, EVENT_TYPE, TIMESTAMP, SESSION_ID);

    private ClickEventJson() {}

    public static String toJson(ClickEvent event) {
        String spoiled =
                event.malformation() == Malformation.MISSING_FIELD || event.malformation() == Malformation.WRONG_TYPE
                        ? SPOILABLE.get(Math.floorMod(event.eventId().hashCode(), SPOILABLE.size()))
                        : null;
        boolean drop = event.malformation() == Malformation.MISSING_FIELD;

        StringBuilder out = new StringBuilder(512);
        out.append('{');
        Writer w = new Writer(out, spoiled, drop);
        w.string(EVENT_ID, event.eventId());
        w.string(EVENT_TYPE, event.type().wireName());
        w.string(TIMESTAMP, Timestamps.iso(event.timestampMillis()));
        w.string(USER_ID, event.userId());
        w.string(SESSION_ID, event.sessionId());
        w.string(PAGE_URL, event.pageUrl());
        w.string(REFERRER, event.referrer());
        w.string(IP_ADDRESS, event.ipAddress());
        w.string(USER_AGENT, event.userAgent());
        w.string(DEVICE, event.device().wireName());
        if (event.productId() != null) {
            w.string(PRODUCT_ID, event.productId());
            w.string(CATEGORY, event.category());
        }
        if (event.priceCents() >= 0) {
            appendCents(w.raw(PRICE), event.priceCents());
        }
        if (event.quantity() > 0) {
            w.raw(QUANTITY).append(event.quantity());
        }
        if (event.searchQuery() != null) {
            w.string(SEARCH_QUERY, event.searchQuery());
        }
        if (event.revenueCents() >= 0) {
            appendCents(w.raw(REVENUE), event.revenueCents());
            w.string(CURRENCY, event.currency());
            w.string(ORDER_ID, event.orderId());
        }
        if (event.late()) {
            w.raw(LATE).append("true");
        }
        out.append('}');
        if (event.malformation() == Malformation.TRUNCATED_JSON) {
            return out.substring(0, out.length() / 2);
        }
        return out.toString();
    }

    /** Appends a non-negative amount in cents as a JSON number with two decimals, e.g. {@code 19.90}. */
    static void appendCents(StringBuilder out, long cents) {
        out.append(cents / 100).append('.');
        long rest = cents % 100;
        if (rest < 10) {
            out.append('0');
        }
        out.append(rest);
    }

    /** Appends a JSON string literal (escaping quotes, backslashes and control characters). */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes "name": prefixes, dropping or mistyping the one spoiled field. */
    private static final class Writer {
        private final StringBuilder out;
        private final String spoiled;
        private final boolean drop;
        private final StringBuilder sink = new StringBuilder();
        private boolean first = true;
        boolean lastWritten;

        Writer(StringBuilder out, String spoiled, boolean drop) {
            this.out = out;
            this.spoiled = spoiled;
            this.drop = drop;
        }

        void string(String name, String value) {
            StringBuilder target = raw(name);
            if (lastWritten) {
                appendString(target, value);
            }
        }

        /**
         * Writes the field name and returns where the value goes; when the field is spoiled, writes the wrong value
         * (or nothing) itself and returns a throwaway buffer.
         */
        StringBuilder raw(String name) {
            if (name.equals(spoiled)) {
                lastWritten = false;
                if (!drop) {
                    prefix(name);
                    out.append("true");
                }
                sink.setLength(0);
                return sink;
            }
            lastWritten = true;
            prefix(name);
            return out;
        }

        private void prefix(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(name).append("\":");
        }
    }
}
