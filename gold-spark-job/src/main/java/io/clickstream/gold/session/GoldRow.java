package io.clickstream.gold.session;

import java.io.Serializable;

/**
 * What the sessionizer emits, one bean for every kind of row (Spark encodes one type per operator); the loader
 * splits them by {@link #getKind()}:
 * <ul>
 *   <li>{@link #SESSION}: a session's current row (open, or closed for good);</li>
 *   <li>{@link #DELETED}: a session merged into an earlier one, to delete;</li>
 *   <li>{@link #EVENT}, {@link #BOT_EVENT}: one accepted event (minute, country, page, type, revenue);</li>
 *   <li>{@link #COUNTS}: one key's rows read, late and duplicate rows in this batch.</li>
 * </ul>
 */
public class GoldRow implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String SESSION = "S";
    public static final String DELETED = "D";
    public static final String EVENT = "E";
    public static final String BOT_EVENT = "B";
    public static final String COUNTS = "C";

    /** {@link #SESSION}, {@link #DELETED}, {@link #EVENT}, {@link #BOT_EVENT} or {@link #COUNTS}. */
    private String kind;

    private String sessionKey;
    private String userId;
    private String clientSessionId;
    /** Epoch millis. */
    private long sessionStart;
    /** Epoch millis. */
    private long sessionEnd;

    private int events;
    private int pageViews;
    private String entryPage;
    private String exitPage;
    private boolean bounced;
    private boolean converted;
    private boolean reachedProduct;
    private boolean reachedCart;
    private boolean reachedCheckout;
    /** A session's revenue, or a purchase event's. */
    private long revenueCents;
    /** The session's country, or the event's. */
    private String countryIso;

    private String city;
    /** GeoIP location of the session's first event; null when unknown. */
    private Double latitude;

    private Double longitude;
    private String deviceClass;
    private String browserFamily;
    private boolean open;
    /** A session row whose key Gold has never held: the session opened in this batch. */
    private boolean fresh;
    /** An event's minute, epoch minutes. */
    private long minute;

    private String pagePath;
    private String eventType;
    /** The user's first accepted event in this minute and country. */
    private boolean firstInCell;

    private long rowsIn;
    private long lateRows;
    private long duplicateRows;
    /** Epoch millis, 0 for none. */
    private long newestEventTime;
    /** Epoch millis. */
    private long watermark;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getSessionKey() {
        return sessionKey;
    }

    public void setSessionKey(String sessionKey) {
        this.sessionKey = sessionKey;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getClientSessionId() {
        return clientSessionId;
    }

    public void setClientSessionId(String clientSessionId) {
        this.clientSessionId = clientSessionId;
    }

    public long getSessionStart() {
        return sessionStart;
    }

    public void setSessionStart(long sessionStart) {
        this.sessionStart = sessionStart;
    }

    public long getSessionEnd() {
        return sessionEnd;
    }

    public void setSessionEnd(long sessionEnd) {
        this.sessionEnd = sessionEnd;
    }

    public int getEvents() {
        return events;
    }

    public void setEvents(int events) {
        this.events = events;
    }

    public int getPageViews() {
        return pageViews;
    }

    public void setPageViews(int pageViews) {
        this.pageViews = pageViews;
    }

    public String getEntryPage() {
        return entryPage;
    }

    public void setEntryPage(String entryPage) {
        this.entryPage = entryPage;
    }

    public String getExitPage() {
        return exitPage;
    }

    public void setExitPage(String exitPage) {
        this.exitPage = exitPage;
    }

    public boolean isBounced() {
        return bounced;
    }

    public void setBounced(boolean bounced) {
        this.bounced = bounced;
    }

    public boolean isConverted() {
        return converted;
    }

    public void setConverted(boolean converted) {
        this.converted = converted;
    }

    public boolean isReachedProduct() {
        return reachedProduct;
    }

    public void setReachedProduct(boolean reachedProduct) {
        this.reachedProduct = reachedProduct;
    }

    public boolean isReachedCart() {
        return reachedCart;
    }

    public void setReachedCart(boolean reachedCart) {
        this.reachedCart = reachedCart;
    }

    public boolean isReachedCheckout() {
        return reachedCheckout;
    }

    public void setReachedCheckout(boolean reachedCheckout) {
        this.reachedCheckout = reachedCheckout;
    }

    public long getRevenueCents() {
        return revenueCents;
    }

    public void setRevenueCents(long revenueCents) {
        this.revenueCents = revenueCents;
    }

    public String getCountryIso() {
        return countryIso;
    }

    public void setCountryIso(String countryIso) {
        this.countryIso = countryIso;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }

    public Double getLatitude() {
        return latitude;
    }

    public void setLatitude(Double latitude) {
        this.latitude = latitude;
    }

    public Double getLongitude() {
        return longitude;
    }

    public void setLongitude(Double longitude) {
        this.longitude = longitude;
    }

    public String getDeviceClass() {
        return deviceClass;
    }

    public void setDeviceClass(String deviceClass) {
        this.deviceClass = deviceClass;
    }

    public String getBrowserFamily() {
        return browserFamily;
    }

    public void setBrowserFamily(String browserFamily) {
        this.browserFamily = browserFamily;
    }

    public boolean isOpen() {
        return open;
    }

    public void setOpen(boolean open) {
        this.open = open;
    }

    public boolean isFresh() {
        return fresh;
    }

    public void setFresh(boolean fresh) {
        this.fresh = fresh;
    }

    public long getMinute() {
        return minute;
    }

    public void setMinute(long minute) {
        this.minute = minute;
    }

    public String getPagePath() {
        return pagePath;
    }

    public void setPagePath(String pagePath) {
        this.pagePath = pagePath;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public boolean isFirstInCell() {
        return firstInCell;
    }

    public void setFirstInCell(boolean firstInCell) {
        this.firstInCell = firstInCell;
    }

    public long getRowsIn() {
        return rowsIn;
    }

    public void setRowsIn(long rowsIn) {
        this.rowsIn = rowsIn;
    }

    public long getLateRows() {
        return lateRows;
    }

    public void setLateRows(long lateRows) {
        this.lateRows = lateRows;
    }

    public long getDuplicateRows() {
        return duplicateRows;
    }

    public void setDuplicateRows(long duplicateRows) {
        this.duplicateRows = duplicateRows;
    }

    public long getNewestEventTime() {
        return newestEventTime;
    }

    public void setNewestEventTime(long newestEventTime) {
        this.newestEventTime = newestEventTime;
    }

    public long getWatermark() {
        return watermark;
    }

    public void setWatermark(long watermark) {
        this.watermark = watermark;
    }
}
