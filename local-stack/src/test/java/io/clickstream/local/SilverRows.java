package io.clickstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.gold.testing.SilverRow;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Silver rows as Spark reads them ({@code HudiTableRows}' JSON lines) taken as the Gold oracle's input, every column
 * from Silver itself: for a run whose events are not all known to the test (hostile records that Silver accepted).
 */
final class SilverRows {

    /** The columns read: the oracle's, then the lineage ({@link #origin}). */
    static final List<String> COLUMNS = List.of(
            silver("EVENT_ID"),
            silver("EVENT_TYPE"),
            silver("EVENT_TIME"),
            silver("USER_ID"),
            silver("SESSION_ID"),
            silver("PAGE_URL"),
            silver("PAGE_PATH"),
            silver("REFERRER"),
            silver("IP_ADDRESS"),
            silver("USER_AGENT"),
            silver("DEVICE_CLASS"),
            silver("REVENUE"),
            silver("LATE"),
            silver("COUNTRY_ISO"),
            silver("CITY"),
            silver("LATITUDE"),
            silver("LONGITUDE"),
            silver("BROWSER_FAMILY"),
            silver("IS_BOT"),
            silver("KAFKA_TOPIC"),
            silver("KAFKA_PARTITION"),
            silver("KAFKA_OFFSET"));

    private SilverRows() {}

    /** The Kafka record a row came from, "topic/partition/offset". */
    static String origin(JsonNode row) {
        return text(row, "KAFKA_TOPIC") + "/"
                + row.get(silver("KAFKA_PARTITION")).asInt() + "/"
                + row.get(silver("KAFKA_OFFSET")).asLong();
    }

    static SilverRow row(JsonNode row) {
        JsonNode revenue = row.get(silver("REVENUE"));
        return new SilverRow(
                text(row, "EVENT_ID"),
                text(row, "EVENT_TYPE"),
                OffsetDateTime.parse(text(row, "EVENT_TIME")).toInstant().toEpochMilli(),
                text(row, "USER_ID"),
                text(row, "SESSION_ID"),
                text(row, "PAGE_URL"),
                text(row, "PAGE_PATH"),
                text(row, "REFERRER"),
                text(row, "IP_ADDRESS"),
                text(row, "USER_AGENT"),
                text(row, "DEVICE_CLASS"),
                revenue == null || revenue.isNull()
                        ? -1
                        : revenue.decimalValue().movePointRight(2).longValueExact(),
                row.path(silver("LATE")).asBoolean(false),
                text(row, "COUNTRY_ISO"),
                text(row, "CITY"),
                number(row, "LATITUDE"),
                number(row, "LONGITUDE"),
                text(row, "BROWSER_FAMILY"),
                row.path(silver("IS_BOT")).asBoolean(false));
    }

    private static String silver(String constant) {
        return BundleFields.silver(constant);
    }

    private static String text(JsonNode row, String constant) {
        JsonNode value = row.get(silver(constant));
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double number(JsonNode row, String constant) {
        JsonNode value = row.get(silver(constant));
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
