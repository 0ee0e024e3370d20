package io.clickstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.gold.testing.SilverRow;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The Gold oracle's input for the whole chain: an event as the simulator's JSON states it (id, type, time, user,
 * session, page, revenue, lateness) with the enrichment Silver holds for it (country, city, coordinates, device class,
 * browser family, bot flag: what GeoIP and the user-agent transform made of its address and agent, which their own
 * tests check). So the oracle recomputes Gold from the events without re-implementing those transforms, and reads
 * nothing else of Silver.
 */
final class EnrichedEvents {

    /** The Silver columns the oracle takes, {@code event_id} first (to join them to the event). */
    static final List<String> SILVER_COLUMNS = List.of(
            BundleFields.silver("EVENT_ID"),
            BundleFields.silver("COUNTRY_ISO"),
            BundleFields.silver("CITY"),
            BundleFields.silver("LATITUDE"),
            BundleFields.silver("LONGITUDE"),
            BundleFields.silver("DEVICE_CLASS"),
            BundleFields.silver("BROWSER_FAMILY"),
            BundleFields.silver("IS_BOT"));

    private EnrichedEvents() {}

    /** The row of a well-formed {@code event} enriched as {@code silver} (a row of {@link #SILVER_COLUMNS}) says. */
    static SilverRow row(JsonNode event, JsonNode silver) {
        String pageUrl = text(event, BundleFields.event("PAGE_URL"));
        String path = pageUrl == null ? null : URI.create(pageUrl).getRawPath();
        JsonNode revenue = event.get(BundleFields.event("REVENUE"));
        String referrer = text(event, BundleFields.event("REFERRER"));
        return new SilverRow(
                text(event, BundleFields.event("EVENT_ID")),
                text(event, BundleFields.event("EVENT_TYPE")),
                Instant.parse(text(event, BundleFields.event("TIMESTAMP"))).toEpochMilli(),
                text(event, BundleFields.event("USER_ID")),
                text(event, BundleFields.event("SESSION_ID")),
                pageUrl,
                path == null || path.isEmpty() ? "/" : path,
                referrer == null || referrer.isEmpty() ? null : referrer,
                text(event, BundleFields.event("IP_ADDRESS")),
                text(event, BundleFields.event("USER_AGENT")),
                text(silver, BundleFields.silver("DEVICE_CLASS")),
                revenue == null || !revenue.isNumber()
                        ? -1
                        : revenue.decimalValue().movePointRight(2).longValueExact(),
                event.path(BundleFields.event("LATE")).asBoolean(false),
                text(silver, BundleFields.silver("COUNTRY_ISO")),
                text(silver, BundleFields.silver("CITY")),
                number(silver, BundleFields.silver("LATITUDE")),
                number(silver, BundleFields.silver("LONGITUDE")),
                text(silver, BundleFields.silver("BROWSER_FAMILY")),
                silver.path(BundleFields.silver("IS_BOT")).asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
