package io.clickstream.gold.testing;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A Silver row as the tests write it and as the oracle reads it: the columns the Gold job uses, the rest derived
 * in {@link SilverTable}. Money is in cents; {@code countryIso}, {@code city}, {@code browserFamily} may be null.
 */
public record SilverRow(String eventId, String eventType, long eventTimeMillis, String userId, String sessionId,
                        String pageUrl, String pagePath, String referrer, String ipAddress, String userAgent,
                        String device, long revenueCents, boolean late, String countryIso, String city,
                        String browserFamily, boolean bot) {

    private static final Map<String, Double[]> CITY_LOCATIONS = Map.of(
            "Berlin", new Double[] {52.52, 13.405}, "Chicago", new Double[] {41.8781, -87.6298},
            "Lyon", new Double[] {45.764, 4.8357}, "Recife", new Double[] {-8.0476, -34.877},
            "Osaka", new Double[] {34.6937, 135.5023});

    /** GeoIP's coordinates, stood in for by the city's (null without a city). */
    public Double latitude() {
        return city == null ? null : CITY_LOCATIONS.get(city)[0];
    }

    public Double longitude() {
        return city == null ? null : CITY_LOCATIONS.get(city)[1];
    }

    public BigDecimal revenue() {
        return revenueCents < 0 ? null : BigDecimal.valueOf(revenueCents, 2);
    }

    /** The same event, at another time and with another id (for hand-made late rows). */
    public SilverRow at(long timeMillis, String newId) {
        return new SilverRow(newId, eventType, timeMillis, userId, sessionId, pageUrl, pagePath, referrer, ipAddress,
                userAgent, device, revenueCents, late, countryIso, city, browserFamily, bot);
    }
}
