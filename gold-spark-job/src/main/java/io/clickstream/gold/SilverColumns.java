package io.clickstream.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import io.clickstream.contract.SilverFields;
import io.clickstream.gold.session.SilverEvent;
import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Silver columns the job reads (names from {@link SilverFields}), renamed to {@link SilverEvent}'s properties.
 *
 * <p>An event time more than {@link #MAX_AHEAD} after the micro-batch's own time is read as null (the sessionizer
 * counts such a row in {@code rows_in} and nothing else): one record from a producer whose clock is years ahead
 * would otherwise move the watermark with it, and every later event would be late. The batch's time is Spark's
 * {@code current_timestamp()}, which the offset log keeps, so a replayed batch decides the same.
 */
final class SilverColumns {

    /** How far an event time may lie ahead of the batch reading it. */
    static final Duration MAX_AHEAD = Duration.ofDays(1);

    private SilverColumns() {}

    static Dataset<Row> select(Dataset<Row> silver) {
        return silver.select(
                col(SilverFields.EVENT_ID).as("eventId"),
                col(SilverFields.EVENT_TYPE).as("eventType"),
                eventTime(),
                col(SilverFields.USER_ID).as("userId"),
                col(SilverFields.SESSION_ID).as("sessionId"),
                col(SilverFields.PAGE_PATH).as("pagePath"),
                col(SilverFields.REVENUE).as("revenue"),
                col(SilverFields.COUNTRY_ISO).as("countryIso"),
                col(SilverFields.CITY).as("city"),
                col(SilverFields.LATITUDE).as("latitude"),
                col(SilverFields.LONGITUDE).as("longitude"),
                col(SilverFields.DEVICE_CLASS).as("deviceClass"),
                col(SilverFields.BROWSER_FAMILY).as("browserFamily"),
                bot());
    }

    private static Column eventTime() {
        Column time = col(SilverFields.EVENT_TIME);
        return when(time.leq(current_timestamp().plus(expr("INTERVAL " + MAX_AHEAD.toSeconds() + " SECONDS"))), time)
                .as("eventTime");
    }

    private static Column bot() {
        return col(SilverFields.IS_BOT).as("bot");
    }
}
