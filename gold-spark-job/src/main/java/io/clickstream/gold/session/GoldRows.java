package io.clickstream.gold.session;

import io.clickstream.gold.postgres.StorableText;

/**
 * Builds the {@link GoldRow}s the {@link Sessionizer} emits. Every string is made storable here
 * ({@link StorableText}), before Spark groups rows by page or country: two values that become one (cut at the same
 * prefix) are then counted as one row, never sent twice in one statement.
 */
final class GoldRows {

    /** Country of events GeoIP could not place (ISO 3166 leaves ZZ for user assignment). */
    static final String UNKNOWN_COUNTRY = "ZZ";

    private GoldRows() {}

    static String country(String iso) {
        return iso == null || iso.isEmpty() ? UNKNOWN_COUNTRY : StorableText.key(iso);
    }

    static GoldRow counts(long watermark) {
        GoldRow row = new GoldRow();
        row.setKind(GoldRow.COUNTS);
        row.setWatermark(watermark);
        return row;
    }

    static GoldRow deleted(String sessionKey) {
        GoldRow row = new GoldRow();
        row.setKind(GoldRow.DELETED);
        row.setSessionKey(StorableText.key(sessionKey));
        return row;
    }

    static GoldRow event(SilverEvent event, long minute, boolean firstInCell, boolean bot) {
        GoldRow row = new GoldRow();
        row.setKind(bot ? GoldRow.BOT_EVENT : GoldRow.EVENT);
        row.setMinute(minute);
        row.setCountryIso(country(event.getCountryIso()));
        row.setPagePath(StorableText.key(orEmpty(event.getPagePath())));
        row.setEventType(event.getEventType());
        row.setRevenueCents(Sessionizer.isPurchase(event.getEventType()) ? SilverEvent.cents(event.getRevenue()) : 0);
        row.setFirstInCell(firstInCell);
        return row;
    }

    static GoldRow session(OpenSession session, String userId, boolean open) {
        GoldRow row = new GoldRow();
        row.setKind(GoldRow.SESSION);
        row.setSessionKey(StorableText.key(session.key));
        row.setUserId(StorableText.of(userId));
        row.setClientSessionId(StorableText.of(orEmpty(session.clientSessionId)));
        row.setSessionStart(session.start);
        row.setSessionEnd(session.end);
        row.setEvents(session.events);
        row.setPageViews(session.pageViews);
        row.setEntryPage(StorableText.key(orEmpty(session.entryPage)));
        row.setExitPage(StorableText.key(orEmpty(session.exitPage)));
        row.setBounced(!open && session.events == 1);
        row.setConverted(session.converted);
        row.setReachedProduct(session.reachedProduct);
        row.setReachedCart(session.reachedCart);
        row.setReachedCheckout(session.reachedCheckout);
        row.setRevenueCents(session.revenueCents);
        row.setCountryIso(country(session.countryIso));
        row.setCity(StorableText.of(session.city));
        row.setLatitude(session.latitude);
        row.setLongitude(session.longitude);
        row.setDeviceClass(StorableText.of(session.deviceClass));
        row.setBrowserFamily(StorableText.of(session.browserFamily));
        row.setOpen(open);
        return row;
    }

    /** For the NOT NULL columns Silver fills but does not declare required (page path) or might leave out. */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
