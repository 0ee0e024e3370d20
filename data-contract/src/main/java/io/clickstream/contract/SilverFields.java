package io.clickstream.contract;

import java.util.List;

/**
 * The one declaration of the Silver table's columns: a cleansed, typed and enriched clickstream event.
 *
 * <p>The Silver transforms write these names, the Silver sink keys and partitions by them and the Gold job reads
 * them. Like {@link EventFields} this class depends on nothing but the JDK.
 *
 * <p>Types are stated as the Connect/Avro type of the column. Every column but {@link #EVENT_ID},
 * {@link #EVENT_TYPE}, {@link #EVENT_TIME}, {@link #EVENT_DATE}, {@link #USER_ID}, {@link #SESSION_ID} and the
 * lineage columns is nullable: a field an event type does not carry, or an enrichment that found nothing, is null.
 */
public final class SilverFields {

    // --- The event, typed and normalised (names shared with EventFields where the meaning is unchanged) ---

    /** string; the record key: a duplicate delivery upserts the same row. */
    public static final String EVENT_ID = EventFields.EVENT_ID;
    /** string, lower case, one of {@link EventFields.EventType#wireName()}. */
    public static final String EVENT_TYPE = EventFields.EVENT_TYPE;
    /** Timestamp (timestamp-millis, UTC): the event's own time, from {@link EventFields#TIMESTAMP}. */
    public static final String EVENT_TIME = "event_time";
    /** string {@code yyyy-MM-dd}, the UTC date of {@link #EVENT_TIME}: the table's partition path. */
    public static final String EVENT_DATE = "event_date";
    /** string. */
    public static final String USER_ID = EventFields.USER_ID;
    /** string. */
    public static final String SESSION_ID = EventFields.SESSION_ID;
    /** string, the full URL as sent (trimmed). */
    public static final String PAGE_URL = EventFields.PAGE_URL;
    /** string, the path of {@link #PAGE_URL} (e.g. {@code /product/123}), never empty ({@code /} at least). */
    public static final String PAGE_PATH = "page_path";
    /** string, the referrer as sent; null for direct traffic (an empty referrer). */
    public static final String REFERRER = EventFields.REFERRER;
    /** string, the lower-case host of {@link #REFERRER}; null for direct traffic. */
    public static final String REFERRER_HOST = "referrer_host";
    /** string, {@code utm_source} of {@link #PAGE_URL}'s query, or null. */
    public static final String UTM_SOURCE = "utm_source";
    /** string, {@code utm_medium} of {@link #PAGE_URL}'s query, or null. */
    public static final String UTM_MEDIUM = "utm_medium";
    /** string, {@code utm_campaign} of {@link #PAGE_URL}'s query, or null. */
    public static final String UTM_CAMPAIGN = "utm_campaign";
    /** string, the address as sent (or anonymised when the GeoIP transform is told to). */
    public static final String IP_ADDRESS = EventFields.IP_ADDRESS;
    /** string. */
    public static final String USER_AGENT = EventFields.USER_AGENT;
    /** string, lower case, the client's own claim: one of {@link EventFields.Device#wireName()}. */
    public static final String DEVICE = EventFields.DEVICE;
    /** string. */
    public static final String PRODUCT_ID = EventFields.PRODUCT_ID;
    /** string. */
    public static final String CATEGORY = EventFields.CATEGORY;
    /** Decimal(precision {@link #MONEY_PRECISION}, scale {@link #MONEY_SCALE}): unit price. */
    public static final String PRICE = EventFields.PRICE;
    /** int32. */
    public static final String QUANTITY = EventFields.QUANTITY;
    /** string. */
    public static final String SEARCH_QUERY = EventFields.SEARCH_QUERY;
    /** Decimal(precision {@link #MONEY_PRECISION}, scale {@link #MONEY_SCALE}): order total of a purchase. */
    public static final String REVENUE = EventFields.REVENUE;
    /** string, ISO 4217, upper case. */
    public static final String CURRENCY = EventFields.CURRENCY;
    /** string. */
    public static final String ORDER_ID = EventFields.ORDER_ID;
    /** boolean, true when the simulator marked the event as a late arrival; null otherwise. */
    public static final String LATE = EventFields.LATE;

    // --- GeoIP enrichment ---

    /** string: {@code public}, {@code private}, {@code loopback}, {@code link_local}, {@code multicast}, {@code reserved}. */
    public static final String IP_CLASS = "ip_class";
    /** string, ISO 3166-1 alpha-2 (e.g. {@code DE}). */
    public static final String COUNTRY_ISO = "country_iso";
    /** string, English name. */
    public static final String COUNTRY_NAME = "country_name";
    /** string, the most specific subdivision's English name. */
    public static final String SUBDIVISION = "subdivision";
    /** string, English name. */
    public static final String CITY = "city";
    /** string. */
    public static final String POSTAL_CODE = "postal_code";
    /** float64, degrees. */
    public static final String LATITUDE = "latitude";
    /** float64, degrees. */
    public static final String LONGITUDE = "longitude";
    /** int32, kilometres. */
    public static final String ACCURACY_RADIUS_KM = "accuracy_radius_km";
    /** string, IANA time zone (e.g. {@code Europe/Berlin}). */
    public static final String TIME_ZONE = "time_zone";
    /** int64, autonomous system number (only with an ASN database). */
    public static final String ASN = "asn";
    /** string, the autonomous system's organisation (only with an ASN database). */
    public static final String ASN_ORG = "asn_org";

    // --- User-agent enrichment ---

    /** string (e.g. {@code Chrome}). */
    public static final String BROWSER_FAMILY = "browser_family";
    /** string (e.g. {@code 120.0}). */
    public static final String BROWSER_VERSION = "browser_version";
    /** string (e.g. {@code Windows}). */
    public static final String OS_FAMILY = "os_family";
    /** string. */
    public static final String OS_VERSION = "os_version";
    /** string, lower case, the parser's verdict: {@code desktop}, {@code mobile}, {@code tablet}, {@code bot}, {@code other}. */
    public static final String DEVICE_CLASS = "device_class";
    /** boolean: a crawler, script or headless browser by its user agent. Gold keeps these out of business metrics. */
    public static final String IS_BOT = "is_bot";

    // --- Lineage: the Bronze row's key ---

    /** string. */
    public static final String KAFKA_TOPIC = "kafka_topic";
    /** int32. */
    public static final String KAFKA_PARTITION = "kafka_partition";
    /** int64. */
    public static final String KAFKA_OFFSET = "kafka_offset";
    /** Timestamp (timestamp-millis): the Kafka record's timestamp. */
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";

    /** Precision of the money columns. */
    public static final int MONEY_PRECISION = 18;
    /** Scale of the money columns (cents). */
    public static final int MONEY_SCALE = 2;

    /** Every column, in table order. */
    public static final List<String> ALL = List.of(
            EVENT_ID,
            EVENT_TYPE,
            EVENT_TIME,
            EVENT_DATE,
            USER_ID,
            SESSION_ID,
            PAGE_URL,
            PAGE_PATH,
            REFERRER,
            REFERRER_HOST,
            UTM_SOURCE,
            UTM_MEDIUM,
            UTM_CAMPAIGN,
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
            LATE,
            IP_CLASS,
            COUNTRY_ISO,
            COUNTRY_NAME,
            SUBDIVISION,
            CITY,
            POSTAL_CODE,
            LATITUDE,
            LONGITUDE,
            ACCURACY_RADIUS_KM,
            TIME_ZONE,
            ASN,
            ASN_ORG,
            BROWSER_FAMILY,
            BROWSER_VERSION,
            OS_FAMILY,
            OS_VERSION,
            DEVICE_CLASS,
            IS_BOT,
            KAFKA_TOPIC,
            KAFKA_PARTITION,
            KAFKA_OFFSET,
            KAFKA_TIMESTAMP);

    private SilverFields() {}
}
