package io.clickstream.gold.testing;

import java.math.BigDecimal;

/**
 * A Silver row as the tests write it and as the oracle reads it: the columns the Gold job uses, the rest derived
 * in {@link SilverTable}. Money is in cents (negative: none); {@code countryIso}, {@code city}, {@code latitude},
 * {@code longitude} and {@code browserFamily} may be null. {@code device} is Silver's device class.
 */
public record SilverRow(
        String eventId,
        String eventType,
        long eventTimeMillis,
        String userId,
        String sessionId,
        String pageUrl,
        String pagePath,
        String referrer,
        String ipAddress,
        String userAgent,
        String device,
        long revenueCents,
        boolean late,
        String countryIso,
        String city,
        Double latitude,
        Double longitude,
        String browserFamily,
        boolean bot) {

    public BigDecimal revenue() {
        return revenueCents < 0 ? null : BigDecimal.valueOf(revenueCents, 2);
    }

    /** The same event, at another time and with another id (for hand-made late rows). */
    public SilverRow at(long timeMillis, String newId) {
        return new SilverRow(
                newId,
                eventType,
                timeMillis,
                userId,
                sessionId,
                pageUrl,
                pagePath,
                referrer,
                ipAddress,
                userAgent,
                device,
                revenueCents,
                late,
                countryIso,
                city,
                latitude,
                longitude,
                browserFamily,
                bot);
    }
}
