package io.clickstream.gold.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clickstream.contract.EventFields.EventType;
import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.load.BatchContent.BotEvents;
import io.clickstream.gold.load.BatchContent.CountryEvents;
import io.clickstream.gold.load.BatchContent.PageViews;
import io.clickstream.gold.session.GoldRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns a micro-batch of {@link GoldRow}s into {@link BatchContent}: event rows are summed per minute and country,
 * page and bot minute by Spark (the batch is cached first, so the sessionization runs once); session rows come to
 * the driver as they are.
 */
public final class BatchAggregation {

    private BatchAggregation() {}

    public static BatchContent of(Dataset<GoldRow> batch) {
        List<GoldRow> sessions =
                batch.filter(col("kind").isin(GoldRow.SESSION, GoldRow.DELETED)).collectAsList();

        Dataset<GoldRow> events = batch.filter(col("kind").equalTo(GoldRow.EVENT));
        List<CountryEvents> countries = new ArrayList<>();
        for (Row r : events.groupBy("minute", "countryIso")
                .agg(
                        count(lit(1)),
                        sum(when(col("firstInCell"), 1).otherwise(0)),
                        sum(when(col("eventType").equalTo(EventType.PURCHASE.wireName()), 1)
                                .otherwise(0)),
                        sum("revenueCents"))
                .collectAsList()) {
            countries.add(new CountryEvents(
                    r.getLong(0), r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)));
        }
        List<PageViews> pages = new ArrayList<>();
        for (Row r : events.filter(
                        col("eventType").isin(EventType.PAGE_VIEW.wireName(), EventType.PRODUCT_VIEW.wireName()))
                .groupBy("minute", "pagePath")
                .agg(count(lit(1)))
                .collectAsList()) {
            pages.add(new PageViews(r.getLong(0), r.getString(1), r.getLong(2)));
        }
        List<BotEvents> bots = new ArrayList<>();
        for (Row r : batch.filter(col("kind").equalTo(GoldRow.BOT_EVENT))
                .groupBy("minute")
                .agg(count(lit(1)), sum(when(col("firstInCell"), 1).otherwise(0)))
                .collectAsList()) {
            bots.add(new BotEvents(r.getLong(0), r.getLong(1), r.getLong(2)));
        }
        long botRows = bots.stream().mapToLong(BotEvents::events).sum();
        Row c = batch.filter(col("kind").equalTo(GoldRow.COUNTS))
                .agg(sum("rowsIn"), sum("lateRows"), sum("duplicateRows"), max("watermark"), max("newestEventTime"))
                .first();
        BatchFigures figures = c.isNullAt(0)
                ? new BatchFigures(0, 0, 0, 0, -1, -1)
                : new BatchFigures(c.getLong(0), c.getLong(1), c.getLong(2), botRows, c.getLong(3), c.getLong(4));
        return new BatchContent(sessions, countries, pages, bots, figures);
    }
}
