package io.clickstream.gold.session;

import io.clickstream.contract.EventFields.EventType;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

/**
 * One session of one user while it is open (part of {@link UserState}): what Gold shows of it, plus the hashes of
 * its event ids so a row Silver delivers again is not counted twice.
 *
 * <p>The session's identity ({@link #key}) is derived from the event that opened it in the job ({@link SessionKey});
 * it never changes, even when an earlier event arrives late or two sessions merge (the earlier one's key survives).
 * Attributes (client session id, entry page, country, city and its coordinates, device, browser) are those of the earliest event by
 * (event time, event id); the exit page is the latest event's.
 */
public final class OpenSession implements Serializable {

    private static final long serialVersionUID = 1L;

    String key;
    String clientSessionId;
    long start;
    String startId;
    long end;
    String endId;
    String entryPage;
    String exitPage;
    int events;
    int pageViews;
    boolean converted;
    boolean reachedProduct;
    boolean reachedCart;
    boolean reachedCheckout;
    long revenueCents;
    String countryIso;
    String city;
    Double latitude;
    Double longitude;
    String deviceClass;
    String browserFamily;
    Set<Long> eventHashes = new HashSet<>();
    /** Changed since Gold last saw it. */
    transient boolean changed;
    /**
     * Opened in this call, so Gold has never held its row. Transient like {@link #changed}: a session read back from
     * the state was emitted in the batch that opened it.
     */
    transient boolean unwritten;

    OpenSession() {}

    static OpenSession of(SilverEvent event, long hash) {
        OpenSession session = new OpenSession();
        session.key = SessionKey.of(String.valueOf(event.getUserId()), event.getEventId(), event.timeMillis());
        session.unwritten = true;
        session.start = event.timeMillis();
        session.startId = event.getEventId();
        session.end = session.start;
        session.endId = session.startId;
        session.takeFirstEventAttributes(event);
        session.exitPage = event.getPagePath();
        session.count(event, hash);
        return session;
    }

    /** Whether an event at {@code time} belongs here: closer than {@code gapMs} to the session's span. */
    boolean reaches(long time, long gapMs) {
        return time > start - gapMs && time < end + gapMs;
    }

    void add(SilverEvent event, long hash) {
        long time = event.timeMillis();
        if (before(time, event.getEventId(), start, startId)) {
            start = time;
            startId = event.getEventId();
            takeFirstEventAttributes(event);
        }
        if (before(end, endId, time, event.getEventId())) {
            end = time;
            endId = event.getEventId();
            exitPage = event.getPagePath();
        }
        count(event, hash);
    }

    /** Absorbs {@code later} (a session this one now reaches); keeps this session's key. */
    void merge(OpenSession later) {
        if (before(later.start, later.startId, start, startId)) {
            start = later.start;
            startId = later.startId;
            clientSessionId = later.clientSessionId;
            entryPage = later.entryPage;
            countryIso = later.countryIso;
            city = later.city;
            latitude = later.latitude;
            longitude = later.longitude;
            deviceClass = later.deviceClass;
            browserFamily = later.browserFamily;
        }
        if (before(end, endId, later.end, later.endId)) {
            end = later.end;
            endId = later.endId;
            exitPage = later.exitPage;
        }
        events += later.events;
        pageViews += later.pageViews;
        converted |= later.converted;
        reachedProduct |= later.reachedProduct;
        reachedCart |= later.reachedCart;
        reachedCheckout |= later.reachedCheckout;
        revenueCents += later.revenueCents;
        eventHashes.addAll(later.eventHashes);
        changed = true;
    }

    boolean closedAt(long watermarkMs, long gapMs) {
        return end + gapMs <= watermarkMs;
    }

    private void count(SilverEvent event, long hash) {
        eventHashes.add(hash);
        events++;
        EventType type = event.getEventType() == null ? null : EventType.fromWireName(event.getEventType());
        if (type == EventType.PAGE_VIEW || type == EventType.PRODUCT_VIEW) {
            pageViews++;
        }
        reachedProduct |= type == EventType.PRODUCT_VIEW;
        reachedCart |= type == EventType.ADD_TO_CART;
        reachedCheckout |= type == EventType.CHECKOUT;
        if (type == EventType.PURCHASE) {
            converted = true;
            revenueCents += SilverEvent.cents(event.getRevenue());
        }
        changed = true;
    }

    private void takeFirstEventAttributes(SilverEvent event) {
        clientSessionId = event.getSessionId();
        entryPage = event.getPagePath();
        countryIso = event.getCountryIso();
        city = event.getCity();
        latitude = event.getLatitude();
        longitude = event.getLongitude();
        deviceClass = event.getDeviceClass();
        browserFamily = event.getBrowserFamily();
    }

    /** Order by (time, event id). */
    static boolean before(long time, String id, long otherTime, String otherId) {
        return time < otherTime || (time == otherTime && id.compareTo(otherId) < 0);
    }
}
