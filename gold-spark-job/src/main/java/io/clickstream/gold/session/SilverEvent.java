package io.clickstream.gold.session;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Timestamp;

/**
 * The Silver columns the Gold job reads, as a Java bean (Spark's bean encoder maps the columns
 * {@link io.clickstream.gold.SilverColumns} selects onto these properties).
 */
public class SilverEvent implements Serializable {

    private static final long serialVersionUID = 1L;

    private String eventId;
    private String eventType;
    private Timestamp eventTime;
    private String userId;
    private String sessionId;
    private String pagePath;
    private BigDecimal revenue;
    private String countryIso;
    private String city;
    private Double latitude;
    private Double longitude;
    private String deviceClass;
    private String browserFamily;
    private Boolean bot;

    /** The sessionization key: the user, with bot traffic apart so it never mixes into a visitor's sessions. */
    public static String groupKey(SilverEvent event) {
        return (Boolean.TRUE.equals(event.bot) ? "bot:" : "user:") + event.userId;
    }

    /** Money in cents (Silver's Decimal(18,2)); 0 for null. */
    static long cents(BigDecimal money) {
        return money == null ? 0 : money.movePointRight(2).longValueExact();
    }

    public long timeMillis() {
        return eventTime.getTime();
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public Timestamp getEventTime() {
        return eventTime;
    }

    public void setEventTime(Timestamp eventTime) {
        this.eventTime = eventTime;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getPagePath() {
        return pagePath;
    }

    public void setPagePath(String pagePath) {
        this.pagePath = pagePath;
    }

    public BigDecimal getRevenue() {
        return revenue;
    }

    public void setRevenue(BigDecimal revenue) {
        this.revenue = revenue;
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

    public Boolean getBot() {
        return bot;
    }

    public void setBot(Boolean bot) {
        this.bot = bot;
    }
}
