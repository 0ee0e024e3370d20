package io.clickstream.gold.load;

import io.clickstream.gold.session.GoldRow;
import java.util.List;

/**
 * One micro-batch's output, aggregated and on the driver, ready for one PostgreSQL transaction.
 *
 * @param sessions      session rows ({@link GoldRow#SESSION}) and deletions ({@link GoldRow#DELETED})
 * @param countryEvents what the batch's accepted events add per minute and country
 * @param pages         what they add per minute and page
 * @param bots          what bot events add per minute
 * @param figures       the batch's own figures
 */
public record BatchContent(
        List<GoldRow> sessions,
        List<CountryEvents> countryEvents,
        List<PageViews> pages,
        List<BotEvents> bots,
        BatchFigures figures) {

    /** Whether the batch read nothing and changed no session (a timeout check that closed none). */
    public boolean empty() {
        return sessions.isEmpty() && figures.rowsIn() == 0;
    }

    /** Additions to {@code gold.country_minute}'s event columns. */
    public record CountryEvents(
            long minute, String country, long events, long activeUsers, long purchases, long revenueCents) {}

    /** Additions to {@code gold.page_minute}. */
    public record PageViews(long minute, String page, long views) {}

    /** Additions to {@code gold.bot_minute}. */
    public record BotEvents(long minute, long events, long botUsers) {}

    /**
     * The batch's row of {@code gold.batches}.
     *
     * @param watermarkMs       the watermark the batch ran with (epoch millis), or -1 when no rows came in
     * @param newestEventTimeMs the newest event time read (epoch millis), or -1 when none
     */
    public record BatchFigures(
            long rowsIn, long lateRows, long duplicateRows, long botRows, long watermarkMs, long newestEventTimeMs) {}
}
