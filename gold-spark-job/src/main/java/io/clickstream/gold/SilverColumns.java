package io.clickstream.gold;

import static org.apache.spark.sql.functions.col;

import io.clickstream.gold.session.SilverEvent;
import io.clickstream.simulator.event.SilverFields;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The Silver columns the job reads (names from {@link SilverFields}), renamed to {@link SilverEvent}'s properties. */
final class SilverColumns {

    private SilverColumns() {
    }

    static Dataset<Row> select(Dataset<Row> silver) {
        return silver.select(
                col(SilverFields.EVENT_ID).as("eventId"),
                col(SilverFields.EVENT_TYPE).as("eventType"),
                col(SilverFields.EVENT_TIME).as("eventTime"),
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

    private static Column bot() {
        return col(SilverFields.IS_BOT).as("bot");
    }
}
