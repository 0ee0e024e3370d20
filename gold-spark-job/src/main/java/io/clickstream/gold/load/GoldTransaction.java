package io.clickstream.gold.load;

import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.load.BatchContent.BotEvents;
import io.clickstream.gold.load.BatchContent.CountryEvents;
import io.clickstream.gold.load.BatchContent.PageViews;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.postgres.StorableText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes one micro-batch into the Gold tables in one PostgreSQL transaction, or not at all.
 *
 * <p>The transaction first inserts the batch's row into {@code gold.batches}; if (query id, batch id) is already
 * there the batch was committed before (Spark replays the last batch after a crash) and the transaction ends
 * without a change. Otherwise:
 * <ul>
 *   <li>the sessions' stored versions are deleted and their new versions COPYed into {@code gold.sessions}, and the
 *       session counters per minute and country ({@code sessions_started}, {@code sessions_closed},
 *       {@code bounces}, {@code conversions}) and the funnel move by the difference between each session's stored
 *       row and its new one (minus the old, plus the new), so a session that grows, closes, moves its start or is
 *       merged away is counted once, where it now belongs ({@link SessionWrite});</li>
 *   <li>event counters are added, each table in one statement over array parameters (no staging table).</li>
 * </ul>
 * Every row the batch writes carries its batch id ({@code batch_id}), which is how {@link BatchPublisher} finds
 * the batch's rows again, also on a replay.
 */
final class GoldTransaction {

    private static final String COUNTRY_EVENTS = """
            INSERT INTO gold.country_minute AS t (minute, country_iso, events, active_users, purchases, revenue,
                                                  batch_id)
            SELECT to_timestamp(minute * 60), country_iso, events, active_users, purchases, cents / 100.0, ?
            FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                 AS n(minute, country_iso, events, active_users, purchases, cents)
            ON CONFLICT (minute, country_iso) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                events = t.events + EXCLUDED.events,
                active_users = t.active_users + EXCLUDED.active_users,
                purchases = t.purchases + EXCLUDED.purchases,
                revenue = t.revenue + EXCLUDED.revenue""";

    private static final String PAGES = """
            INSERT INTO gold.page_minute AS t (minute, page_path, views, batch_id)
            SELECT to_timestamp(minute * 60), page_path, views, ?
            FROM unnest(?::bigint[], ?::text[], ?::bigint[]) AS n(minute, page_path, views)
            ON CONFLICT (minute, page_path) DO UPDATE SET
                views = t.views + EXCLUDED.views, batch_id = EXCLUDED.batch_id""";

    private static final String BOTS = """
            INSERT INTO gold.bot_minute AS t (minute, events, bot_users, batch_id)
            SELECT to_timestamp(minute * 60), events, bot_users, ?
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS n(minute, events, bot_users)
            ON CONFLICT (minute) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                events = t.events + EXCLUDED.events, bot_users = t.bot_users + EXCLUDED.bot_users""";

    private final PostgresConnections connections;

    GoldTransaction(PostgresConnections connections) {
        this.connections = connections;
    }

    /** Writes the batch; returns false when it had been written before (nothing changed). */
    boolean write(UUID queryId, long batchId, BatchContent content, long startedNanos) throws SQLException {
        return write(queryId, batchId, content, startedNanos, new TransactionSteps());
    }

    /** As {@link #write(UUID, long, BatchContent, long)}, timing each step into {@code steps}. */
    boolean write(UUID queryId, long batchId, BatchContent content, long startedNanos, TransactionSteps steps)
            throws SQLException {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            steps.mark("connect");
            try {
                if (!claimBatch(connection, queryId, batchId, content)) {
                    connection.rollback();
                    return false;
                }
                steps.mark("claim");
                // Every statement stamps the rows it touches with the batch id (what the publisher reads).
                SessionWrite.write(connection, batchId, content.sessions(), steps);
                writeEventCounters(connection, batchId, content);
                steps.mark("event counters");
                recordDuration(connection, queryId, batchId, startedNanos);
                connection.commit();
                steps.mark("commit");
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    private static boolean claimBatch(Connection connection, UUID queryId, long batchId, BatchContent content)
            throws SQLException {
        BatchFigures f = content.figures();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO gold.batches (query_id, batch_id, rows_in, late_rows, duplicate_rows, bot_rows,
                                          sessions_written, watermark, newest_event_time, batch_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (query_id, batch_id) DO NOTHING""")) {
            insert.setObject(1, queryId);
            insert.setLong(2, batchId);
            insert.setLong(3, f.rowsIn());
            insert.setLong(4, f.lateRows());
            insert.setLong(5, f.duplicateRows());
            insert.setLong(6, f.botRows());
            insert.setLong(7, content.sessions().size());
            setTime(insert, 8, f.watermarkMs());
            setTime(insert, 9, f.newestEventTimeMs());
            return insert.executeUpdate() == 1;
        }
    }

    private static void writeEventCounters(Connection connection, long batchId, BatchContent content)
            throws SQLException {
        List<CountryEvents> countries = content.countryEvents();
        if (!countries.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(COUNTRY_EVENTS)) {
                statement.setLong(1, batchId);
                statement.setObject(
                        2, countries.stream().mapToLong(CountryEvents::minute).toArray());
                statement.setArray(
                        3,
                        connection.createArrayOf(
                                "text",
                                countries.stream()
                                        .map(c -> StorableText.key(c.country()))
                                        .toArray()));
                statement.setObject(
                        4, countries.stream().mapToLong(CountryEvents::events).toArray());
                statement.setObject(
                        5,
                        countries.stream().mapToLong(CountryEvents::activeUsers).toArray());
                statement.setObject(
                        6,
                        countries.stream().mapToLong(CountryEvents::purchases).toArray());
                statement.setObject(
                        7,
                        countries.stream()
                                .mapToLong(CountryEvents::revenueCents)
                                .toArray());
                statement.executeUpdate();
            }
        }
        List<PageViews> pages = content.pages();
        if (!pages.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(PAGES)) {
                statement.setLong(1, batchId);
                statement.setObject(
                        2, pages.stream().mapToLong(PageViews::minute).toArray());
                statement.setArray(
                        3,
                        connection.createArrayOf(
                                "text",
                                pages.stream()
                                        .map(p -> StorableText.key(p.page()))
                                        .toArray()));
                statement.setObject(
                        4, pages.stream().mapToLong(PageViews::views).toArray());
                statement.executeUpdate();
            }
        }
        List<BotEvents> bots = content.bots();
        if (!bots.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(BOTS)) {
                statement.setLong(1, batchId);
                statement.setObject(
                        2, bots.stream().mapToLong(BotEvents::minute).toArray());
                statement.setObject(
                        3, bots.stream().mapToLong(BotEvents::events).toArray());
                statement.setObject(
                        4, bots.stream().mapToLong(BotEvents::botUsers).toArray());
                statement.executeUpdate();
            }
        }
    }

    private static void recordDuration(Connection connection, UUID queryId, long batchId, long startedNanos)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gold.batches SET batch_ms = ? WHERE query_id = ? AND batch_id = ?")) {
            update.setLong(1, (System.nanoTime() - startedNanos) / 1_000_000L);
            update.setObject(2, queryId);
            update.setLong(3, batchId);
            update.executeUpdate();
        }
    }

    private static void setTime(PreparedStatement statement, int index, long epochMillis) throws SQLException {
        if (epochMillis < 0) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
