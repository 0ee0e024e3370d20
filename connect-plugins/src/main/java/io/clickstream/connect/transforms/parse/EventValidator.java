package io.clickstream.connect.transforms.parse;

import static io.clickstream.connect.transforms.parse.RawEvent.CATEGORY;
import static io.clickstream.connect.transforms.parse.RawEvent.CURRENCY;
import static io.clickstream.connect.transforms.parse.RawEvent.DEVICE;
import static io.clickstream.connect.transforms.parse.RawEvent.EVENT_ID;
import static io.clickstream.connect.transforms.parse.RawEvent.EVENT_TYPE;
import static io.clickstream.connect.transforms.parse.RawEvent.IP_ADDRESS;
import static io.clickstream.connect.transforms.parse.RawEvent.LATE;
import static io.clickstream.connect.transforms.parse.RawEvent.ORDER_ID;
import static io.clickstream.connect.transforms.parse.RawEvent.PAGE_URL;
import static io.clickstream.connect.transforms.parse.RawEvent.PRICE;
import static io.clickstream.connect.transforms.parse.RawEvent.PRODUCT_ID;
import static io.clickstream.connect.transforms.parse.RawEvent.QUANTITY;
import static io.clickstream.connect.transforms.parse.RawEvent.REFERRER;
import static io.clickstream.connect.transforms.parse.RawEvent.REVENUE;
import static io.clickstream.connect.transforms.parse.RawEvent.SEARCH_QUERY;
import static io.clickstream.connect.transforms.parse.RawEvent.SESSION_ID;
import static io.clickstream.connect.transforms.parse.RawEvent.TIMESTAMP;
import static io.clickstream.connect.transforms.parse.RawEvent.USER_AGENT;
import static io.clickstream.connect.transforms.parse.RawEvent.USER_ID;

import io.clickstream.connect.text.Quoted;
import io.clickstream.connect.text.TextChecks;
import io.clickstream.connect.transforms.IpLiteral;
import io.clickstream.contract.EventFields;
import io.clickstream.contract.EventFields.Device;
import io.clickstream.contract.EventFields.EventType;
import io.clickstream.contract.SilverFields;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Checks a raw event (from {@link RawEventReader}) and builds its Silver struct: typed,
 * trimmed and normalised, with its UTC date and its lineage. The first problem found is thrown as an
 * {@link InvalidEvent} naming the field; nothing is repaired silently.
 *
 * <p>Thread-safe (immutable settings; the schema cache and the URL memos are concurrent and bounded).
 */
final class EventValidator {
    /** In a fixed order: a rejection's reason must be the same on every JVM a record is redelivered to. */
    private static final List<String> DEVICES = List.of(
            Device.DESKTOP.wireName(), Device.MOBILE.wireName(), Device.TABLET.wireName(), Device.BOT.wireName());
    /**
     * The URL memos' bounds, each: 10,000 URLs of at most 512 characters and 512 Ki characters in all (a simulator
     * URL has about 60). What a URL's parts hold is never longer than the URL, so with the map's entries (~200 bytes
     * each) a memo holds at most about 5 MiB, 10 MiB for the two of a task; a longer URL is parsed every time.
     */
    static final int URL_CACHE_SIZE = 10_000;

    static final long URL_CACHE_CHARS = 512 * 1024;
    static final int URL_CACHE_MAX_URL_LENGTH = 512;
    private static final int LINEAGE_INDEX = SilverFields.ALL.indexOf(SilverFields.KAFKA_TOPIC);

    // Settings copied out of the config: AbstractConfig records every get in a concurrent set, too slow per field.
    private final int maxStringLength;
    private final int maxTextLength;
    private final int maxQuantity;
    private final long maxPastMs;
    private final long maxFutureMs;
    private final BigDecimal maxAmount;
    private final UnknownFieldColumns unknownColumns;
    // Pages and referrers repeat (product pages, the previous page): URI parsing costs as much as the JSON parse.
    private final TextMemo<UrlParts.Page> pages = new TextMemo<>(
            URL_CACHE_SIZE, URL_CACHE_CHARS, URL_CACHE_MAX_URL_LENGTH, url -> UrlParts.page(EventFields.PAGE_URL, url));
    private final TextMemo<UrlParts.Referrer> referrers = new TextMemo<>(
            URL_CACHE_SIZE,
            URL_CACHE_CHARS,
            URL_CACHE_MAX_URL_LENGTH,
            url -> UrlParts.referrer(EventFields.REFERRER, url));

    EventValidator(ParseClickEventConfig config) {
        this.maxStringLength = config.maxStringLength();
        this.maxTextLength = config.maxTextLength();
        this.maxQuantity = config.maxQuantity();
        this.maxPastMs = config.eventTimeMaxPastMs();
        this.maxFutureMs = config.eventTimeMaxFutureMs();
        this.maxAmount = BigDecimal.valueOf(config.maxAmount());
        this.unknownColumns = config.unknownFields() == ParseClickEventConfig.UnknownFields.KEEP
                ? new UnknownFieldColumns(
                        config.maxUnknownFields(),
                        config.maxStringLength(),
                        config.unknownFieldsOnInvalid() == ParseClickEventConfig.InvalidUnknownField.DROP_FIELD)
                : null;
    }

    Struct toStruct(RawEvent raw, Lineage lineage) {
        String typeName = string(raw, EVENT_TYPE, true, maxStringLength).toLowerCase(Locale.ROOT);
        EventType type = EventType.fromWireName(typeName);
        if (type == null) {
            throw new InvalidEvent(EventFields.EVENT_TYPE, "unknown event type " + Quoted.value(typeName));
        }
        String eventId = string(raw, EVENT_ID, true, maxStringLength);
        EventTime time = eventTime(string(raw, TIMESTAMP, true, maxStringLength), lineage);
        String userId = string(raw, USER_ID, true, maxStringLength);
        String sessionId = string(raw, SESSION_ID, true, maxStringLength);
        String pageUrl = string(raw, PAGE_URL, true, maxTextLength);
        UrlParts.Page page = pages.get(pageUrl);
        String sentReferrer = requiredButMayBeEmpty(raw, REFERRER);
        UrlParts.Referrer referrer = sentReferrer == null ? UrlParts.Referrer.NONE : referrers.get(sentReferrer);
        String sentIp = string(raw, IP_ADDRESS, true, maxStringLength);
        // A forwarded-for list, a port or brackets: the client's address is kept, normalised.
        String ip = IpLiteral.clientAddress(sentIp);
        if (ip == null) {
            throw new InvalidEvent(EventFields.IP_ADDRESS, "not an IPv4 or IPv6 address: " + Quoted.value(sentIp));
        }
        String userAgent = string(raw, USER_AGENT, true, maxTextLength);
        String device = string(raw, DEVICE, true, maxStringLength).toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(device)) {
            throw new InvalidEvent(
                    EventFields.DEVICE, "unknown device " + Quoted.value(device) + ", expected one of " + DEVICES);
        }
        boolean product = type.hasProduct();
        boolean purchase = type == EventType.PURCHASE;
        String productId = string(raw, PRODUCT_ID, product, maxStringLength);
        String category = string(raw, CATEGORY, product, maxStringLength);
        BigDecimal price = money(raw, PRICE, product);
        Integer quantity = quantity(raw, type.hasQuantity());
        String searchQuery = string(raw, SEARCH_QUERY, type == EventType.SEARCH, maxStringLength);
        BigDecimal revenue = money(raw, REVENUE, purchase);
        String currency = currency(string(raw, CURRENCY, purchase, maxStringLength));
        String orderId = string(raw, ORDER_ID, purchase, maxStringLength);
        // SilverFields: true for a late arrival, null otherwise (an explicit false says the same as none).
        Boolean late = Boolean.TRUE.equals(bool(raw, LATE)) ? Boolean.TRUE : null;

        Map<String, Object> unknown = unknownColumns == null ? Map.of() : unknownColumns.values(raw.unknown());
        Schema schema = unknown.isEmpty() ? UnknownFieldColumns.BASE : unknownColumns.schema(unknown);
        // In the order of SilverSchema.EVENT_COLUMNS, the schema's first fields; the enrichments' columns stay null.
        Object[] values = {
            eventId,
            type.wireName(),
            new Date(time.epochMillis()),
            time.utcDate(),
            userId,
            sessionId,
            page.url(),
            page.path(),
            referrer.url(),
            referrer.host(),
            page.utmSource(),
            page.utmMedium(),
            page.utmCampaign(),
            ip,
            userAgent,
            device,
            productId,
            category,
            price,
            quantity,
            searchQuery,
            revenue,
            currency,
            orderId,
            late
        };
        Struct out = new Struct(schema);
        List<Field> fields = schema.fields();
        for (int i = 0; i < values.length; i++) {
            // A new struct's values are null: a null needs no put (and no validation against its optional schema).
            if (values[i] != null) {
                out.put(fields.get(i), values[i]);
            }
        }
        out.put(fields.get(LINEAGE_INDEX), lineage.topic());
        out.put(fields.get(LINEAGE_INDEX + 1), lineage.partition());
        out.put(fields.get(LINEAGE_INDEX + 2), lineage.offset());
        out.put(fields.get(LINEAGE_INDEX + 3), new Date(lineage.timestampMillis()));
        unknown.forEach(out::put);
        return out;
    }

    /** A trimmed string; null when absent and not required. Blank counts as absent. */
    private static String string(RawEvent raw, int slot, boolean required, int maxLength) {
        Object value = raw.get(slot);
        String field = RawEvent.name(slot);
        if (value == null) {
            if (required) {
                throw new InvalidEvent(field, raw.has(slot) ? "is null" : "is missing");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidEvent(field, "must be a string, got " + jsonType(value));
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            if (required) {
                throw new InvalidEvent(field, "is empty");
            }
            return null;
        }
        checkText(field, trimmed, maxLength);
        return trimmed;
    }

    static void checkText(String field, String text, int maxLength) {
        if (text.length() > maxLength) {
            throw new InvalidEvent(field, text.length() + " characters, longer than the limit of " + maxLength);
        }
        int at = TextChecks.unstorable(text);
        if (at >= 0) {
            throw new InvalidEvent(
                    field,
                    Character.isSurrogate(text.charAt(at))
                            ? "holds " + TextChecks.describeLoneSurrogate(text, at)
                            : "holds a control character");
        }
    }

    /** The referrer: present and a string, empty (direct traffic) read as null. */
    private String requiredButMayBeEmpty(RawEvent raw, int slot) {
        if (!raw.has(slot)) {
            throw new InvalidEvent(RawEvent.name(slot), "is missing (an empty string means direct traffic)");
        }
        return string(raw, slot, false, maxTextLength);
    }

    private EventTime eventTime(String text, Lineage lineage) {
        EventTime time = EventTime.parse(text);
        if (time == null) {
            throw new InvalidEvent(
                    EventFields.TIMESTAMP, "not an ISO-8601 date-time with offset: " + Quoted.value(text));
        }
        long early = lineage.timestampMillis() - time.epochMillis();
        if (early > maxPastMs) {
            throw new InvalidEvent(
                    EventFields.TIMESTAMP,
                    Quoted.value(text) + " is " + Duration.ofMillis(early)
                            + " before the record's Kafka timestamp " + Instant.ofEpochMilli(lineage.timestampMillis())
                            + ", more than "
                            + ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS + "=" + maxPastMs);
        }
        if (-early > maxFutureMs) {
            throw new InvalidEvent(
                    EventFields.TIMESTAMP,
                    Quoted.value(text) + " is " + Duration.ofMillis(-early)
                            + " after the record's Kafka timestamp " + Instant.ofEpochMilli(lineage.timestampMillis())
                            + ", more than "
                            + ParseClickEventConfig.EVENT_TIME_MAX_FUTURE_MS + "=" + maxFutureMs);
        }
        return time;
    }

    private BigDecimal money(RawEvent raw, int slot, boolean required) {
        Object value = raw.get(slot);
        String field = RawEvent.name(slot);
        if (value == null) {
            if (required) {
                throw new InvalidEvent(field, raw.has(slot) ? "is null" : "is missing");
            }
            return null;
        }
        BigDecimal amount;
        if (value instanceof BigDecimal decimal) {
            amount = decimal;
        } else if (value instanceof Long whole) {
            amount = BigDecimal.valueOf(whole);
        } else if (value instanceof BigInteger big) {
            amount = new BigDecimal(big);
        } else {
            throw new InvalidEvent(field, "must be a number, got " + jsonType(value));
        }
        if (amount.signum() < 0) {
            throw new InvalidEvent(field, "must not be negative, got " + plain(amount));
        }
        if (amount.compareTo(maxAmount) > 0) {
            throw new InvalidEvent(
                    field,
                    plain(amount) + " is over the limit of " + maxAmount + " (" + ParseClickEventConfig.MAX_AMOUNT
                            + ")");
        }
        try {
            return amount.setScale(SilverFields.MONEY_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new InvalidEvent(
                    field, "more than " + SilverFields.MONEY_SCALE + " fraction digits: " + plain(amount));
        }
    }

    /**
     * An amount's digits for a reason: the reader bounds its scale and digits, so the text is at most a few hundred
     * characters, of which a prefix is quoted.
     */
    private static String plain(BigDecimal amount) {
        return Quoted.prefix(amount.toPlainString(), Quoted.MAX_VALUE_CHARS);
    }

    private Integer quantity(RawEvent raw, boolean required) {
        Object value = raw.get(QUANTITY);
        if (value == null) {
            if (required) {
                throw new InvalidEvent(EventFields.QUANTITY, raw.has(QUANTITY) ? "is null" : "is missing");
            }
            return null;
        }
        if (!(value instanceof Long count)) {
            throw new InvalidEvent(
                    EventFields.QUANTITY,
                    "must be a whole number, got " + jsonType(value) + " "
                            + Quoted.prefix(String.valueOf(value), Quoted.MAX_VALUE_CHARS));
        }
        if (count < 1 || count > maxQuantity) {
            throw new InvalidEvent(
                    EventFields.QUANTITY,
                    count + " is outside 1.." + maxQuantity + " (" + ParseClickEventConfig.MAX_QUANTITY + ")");
        }
        return count.intValue();
    }

    private static String currency(String code) {
        if (code == null) {
            return null;
        }
        String upper = code.toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(upper);
            return upper;
        } catch (IllegalArgumentException e) {
            throw new InvalidEvent(EventFields.CURRENCY, "not an ISO 4217 currency code: " + Quoted.value(code));
        }
    }

    private static Boolean bool(RawEvent raw, int slot) {
        Object value = raw.get(slot);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new InvalidEvent(RawEvent.name(slot), "must be a boolean, got " + jsonType(value));
    }

    static String jsonType(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }
}
