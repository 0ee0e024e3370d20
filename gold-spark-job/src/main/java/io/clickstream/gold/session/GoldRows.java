package io.clickstream.gold.session;

/** Builds the {@link GoldRow}s the {@link Sessionizer} emits. */
final class GoldRows {

    /** Country of events GeoIP could not place (ISO 3166 leaves ZZ for user assignment). */
    static final String UNKNOWN_COUNTRY = "ZZ";

    private GoldRows() {
    }

    static String country(String iso) {
        return iso == null || iso.isEmpty() ? UNKNOWN_COUNTRY : iso;
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
        row.setSessionKey(sessionKey);
        return row;
    }

    static GoldRow event(SilverEvent event, long minute, boolean firstInCell, boolean bot) {
        GoldRow row = new GoldRow();
        row.setKind(bot ? GoldRow.BOT_EVENT : GoldRow.EVENT);
        row.setMinute(minute);
        row.setCountryIso(country(event.getCountryIso()));
        row.setPagePath(event.getPagePath());
        row.setEventType(event.getEventType());
        row.setRevenueCents(Sessionizer.isPurchase(event.getEventType()) ? SilverEvent.cents(event.getRevenue()) : 0);
        row.setFirstInCell(firstInCell);
        return row;
    }

    static GoldRow session(OpenSession session, String userId, boolean open) {
        GoldRow row = new GoldRow();
        row.setKind(GoldRow.SESSION);
        row.setSessionKey(session.key);
        row.setUserId(userId);
        row.setClientSessionId(session.clientSessionId);
        row.setSessionStart(session.start);
        row.setSessionEnd(session.end);
        row.setEvents(session.events);
        row.setPageViews(session.pageViews);
        row.setEntryPage(session.entryPage);
        row.setExitPage(session.exitPage);
        row.setBounced(!open && session.events == 1);
        row.setConverted(session.converted);
        row.setReachedProduct(session.reachedProduct);
        row.setReachedCart(session.reachedCart);
        row.setReachedCheckout(session.reachedCheckout);
        row.setRevenueCents(session.revenueCents);
        row.setCountryIso(country(session.countryIso));
        row.setCity(session.city);
        row.setLatitude(session.latitude);
        row.setLongitude(session.longitude);
        row.setDeviceClass(session.deviceClass);
        row.setBrowserFamily(session.browserFamily);
        row.setOpen(open);
        return row;
    }
}
