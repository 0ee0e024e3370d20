package io.clickstream.gold.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.load.BatchContent.BotEvents;
import io.clickstream.gold.load.BatchContent.CountryEvents;
import io.clickstream.gold.load.BatchContent.PageViews;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.session.GoldRow;

/**
 * Writes one micro-batch into the Gold tables in one PostgreSQL transaction, or not at all.
 *
 * <p>The transaction first inserts the batch's row into {@code gold.batches}; if (query id, batch id) is already
 * there the batch was committed before (Spark replays the last batch after a crash) and the transaction ends
 * without a change. Otherwise the batch's rows are COPYed into temporary tables and merged:
 * <ul>
 *   <li>session counters per minute and country ({@code sessions_started}, {@code sessions_closed},
 *       {@code bounces}, {@code conversions}) and the funnel move by the difference between each session's stored
 *       row and its new one (minus the old, plus the new), so a session that grows, closes, moves its start or is
 *       merged away is counted once, where it now belongs;</li>
 *   <li>the sessions themselves are upserted ({@code INSERT … ON CONFLICT DO UPDATE}) or deleted;</li>
 *   <li>event counters are added.</li>
 * </ul>
 * Every row the batch writes carries its batch id ({@code batch_id}), which is how {@link BatchPublisher} finds
 * the batch's rows again, also on a replay.
 */
final class GoldTransaction {

    static final String SESSION_COLUMNS = "session_key, user_id, client_session_id, session_start, "
            + "session_end, duration_ms, events, page_views, entry_page, exit_page, bounced, converted, "
            + "reached_product, reached_cart, reached_checkout, revenue, country_iso, city, device_class, "
            + "browser_family, is_open, batch_id, latitude, longitude";

    private static final String SESSION_DELTA = """
            CREATE TEMP TABLE session_delta ON COMMIT DROP AS
            SELECT date_trunc('minute', session_start) AS minute, country_iso,
                   sum(sign * 1) AS started, sum(sign * (NOT is_open)::int) AS closed,
                   sum(sign * bounced::int) AS bounces, sum(sign * converted::int) AS conversions,
                   sum(sign * reached_product::int) AS products, sum(sign * reached_cart::int) AS carts,
                   sum(sign * reached_checkout::int) AS checkouts
            FROM (SELECT -1 AS sign, g.session_start, g.country_iso, g.is_open, g.bounced, g.converted,
                         g.reached_product, g.reached_cart, g.reached_checkout
                  FROM gold.sessions g JOIN stage_sessions s ON s.session_key = g.session_key
                  UNION ALL
                  SELECT 1, session_start, country_iso, is_open, bounced, converted, reached_product,
                         reached_cart, reached_checkout
                  FROM stage_sessions WHERE NOT deleted) d
            GROUP BY 1, 2""";

    private static final String COUNTRY_SESSIONS = """
            INSERT INTO gold.country_minute AS t (minute, country_iso, sessions_started, sessions_closed, bounces,
                                                  conversions, batch_id)
            SELECT minute, country_iso, started, closed, bounces, conversions, ? FROM session_delta
            ON CONFLICT (minute, country_iso) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                sessions_started = t.sessions_started + EXCLUDED.sessions_started,
                sessions_closed = t.sessions_closed + EXCLUDED.sessions_closed,
                bounces = t.bounces + EXCLUDED.bounces,
                conversions = t.conversions + EXCLUDED.conversions""";

    private static final String FUNNEL = """
            INSERT INTO gold.funnel_minute AS t (minute, landings, product_views, carts, checkouts, purchases,
                                                 batch_id)
            SELECT minute, sum(started), sum(products), sum(carts), sum(checkouts), sum(conversions), ?
            FROM session_delta GROUP BY minute
            ON CONFLICT (minute) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                landings = t.landings + EXCLUDED.landings,
                product_views = t.product_views + EXCLUDED.product_views,
                carts = t.carts + EXCLUDED.carts,
                checkouts = t.checkouts + EXCLUDED.checkouts,
                purchases = t.purchases + EXCLUDED.purchases""";

    private static final String UPSERT_SESSIONS = "INSERT INTO gold.sessions (" + SESSION_COLUMNS + ") SELECT "
            + SESSION_COLUMNS + " FROM stage_sessions WHERE NOT deleted ON CONFLICT (session_key) DO UPDATE SET "
            + "client_session_id = EXCLUDED.client_session_id, session_start = EXCLUDED.session_start, "
            + "session_end = EXCLUDED.session_end, duration_ms = EXCLUDED.duration_ms, events = EXCLUDED.events, "
            + "page_views = EXCLUDED.page_views, entry_page = EXCLUDED.entry_page, exit_page = EXCLUDED.exit_page, "
            + "bounced = EXCLUDED.bounced, converted = EXCLUDED.converted, "
            + "reached_product = EXCLUDED.reached_product, reached_cart = EXCLUDED.reached_cart, "
            + "reached_checkout = EXCLUDED.reached_checkout, revenue = EXCLUDED.revenue, "
            + "country_iso = EXCLUDED.country_iso, city = EXCLUDED.city, device_class = EXCLUDED.device_class, "
            + "browser_family = EXCLUDED.browser_family, is_open = EXCLUDED.is_open, batch_id = EXCLUDED.batch_id, "
            + "latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude";

    private static final String COUNTRY_EVENTS = """
            INSERT INTO gold.country_minute AS t (minute, country_iso, events, active_users, purchases, revenue,
                                                  batch_id)
            SELECT minute, country_iso, events, active_users, purchases, revenue, ? FROM stage_country_events
            ON CONFLICT (minute, country_iso) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                events = t.events + EXCLUDED.events,
                active_users = t.active_users + EXCLUDED.active_users,
                purchases = t.purchases + EXCLUDED.purchases,
                revenue = t.revenue + EXCLUDED.revenue""";

    private static final String PAGES = """
            INSERT INTO gold.page_minute AS t (minute, page_path, views, batch_id)
            SELECT minute, page_path, views, ? FROM stage_pages
            ON CONFLICT (minute, page_path) DO UPDATE SET
                views = t.views + EXCLUDED.views, batch_id = EXCLUDED.batch_id""";

    private static final String BOTS = """
            INSERT INTO gold.bot_minute AS t (minute, events, bot_users, batch_id)
            SELECT minute, events, bot_users, ? FROM stage_bots
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
                stageSessions(connection, batchId, content);
                steps.mark("stage sessions");
                stageEvents(connection, content);
                steps.mark("stage events");
                try (Statement statement = connection.createStatement()) {
                    statement.execute(SESSION_DELTA);
                }
                steps.mark("session delta");
                // Every merge stamps the rows it touches with the batch id (what the publisher reads).
                mergeStamped(connection, COUNTRY_SESSIONS, batchId);
                mergeStamped(connection, FUNNEL, batchId);
                steps.mark("session counters");
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DELETE FROM gold.sessions g USING stage_sessions s "
                            + "WHERE g.session_key = s.session_key AND s.deleted");
                    steps.mark("delete sessions");
                    statement.execute(UPSERT_SESSIONS);
                }
                steps.mark("upsert sessions");
                mergeStamped(connection, COUNTRY_EVENTS, batchId);
                mergeStamped(connection, PAGES, batchId);
                mergeStamped(connection, BOTS, batchId);
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

    private static void mergeStamped(Connection connection, String sql, long batchId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, batchId);
            statement.executeUpdate();
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

    private static void stageSessions(Connection connection, long batchId, BatchContent content)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE stage_sessions (LIKE gold.sessions) ON COMMIT DROP");
            statement.execute("ALTER TABLE stage_sessions ADD COLUMN deleted boolean NOT NULL DEFAULT false");
            // A deleted session carries its key only.
            statement.execute("ALTER TABLE stage_sessions ALTER COLUMN user_id DROP NOT NULL, "
                    + "ALTER COLUMN client_session_id DROP NOT NULL, ALTER COLUMN session_start DROP NOT NULL, "
                    + "ALTER COLUMN session_end DROP NOT NULL, ALTER COLUMN duration_ms DROP NOT NULL, "
                    + "ALTER COLUMN events DROP NOT NULL, ALTER COLUMN page_views DROP NOT NULL, "
                    + "ALTER COLUMN entry_page DROP NOT NULL, ALTER COLUMN exit_page DROP NOT NULL, "
                    + "ALTER COLUMN bounced DROP NOT NULL, ALTER COLUMN converted DROP NOT NULL, "
                    + "ALTER COLUMN reached_product DROP NOT NULL, ALTER COLUMN reached_cart DROP NOT NULL, "
                    + "ALTER COLUMN reached_checkout DROP NOT NULL, ALTER COLUMN revenue DROP NOT NULL, "
                    + "ALTER COLUMN country_iso DROP NOT NULL, ALTER COLUMN is_open DROP NOT NULL");
        }
        try (CopyRows copy = new CopyRows(connection, "stage_sessions (" + SESSION_COLUMNS + ", deleted)")) {
            for (GoldRow s : content.sessions()) {
                if (GoldRow.DELETED.equals(s.getKind())) {
                    copy.text(s.getSessionKey());
                    for (int i = 0; i < 20; i++) {
                        copy.text(null);
                    }
                    copy.number(batchId).text(null).text(null).bool(true).endRow();
                    continue;
                }
                copySession(copy, s, batchId);
                copy.bool(false).endRow();
            }
            copy.finish();
        }
    }

    /** The columns {@link #SESSION_COLUMNS} of one session row. */
    static void copySession(CopyRows copy, GoldRow s, long batchId) {
        copy.text(s.getSessionKey()).text(s.getUserId()).text(s.getClientSessionId())
                .time(s.getSessionStart()).time(s.getSessionEnd())
                .number(s.getSessionEnd() - s.getSessionStart()).number(s.getEvents())
                .number(s.getPageViews()).text(s.getEntryPage()).text(s.getExitPage())
                .bool(s.isBounced()).bool(s.isConverted()).bool(s.isReachedProduct())
                .bool(s.isReachedCart()).bool(s.isReachedCheckout()).cents(s.getRevenueCents())
                .text(s.getCountryIso()).text(s.getCity()).text(s.getDeviceClass())
                .text(s.getBrowserFamily()).bool(s.isOpen()).number(batchId)
                .decimal(s.getLatitude()).decimal(s.getLongitude());
    }

    private static void stageEvents(Connection connection, BatchContent content) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE stage_country_events (minute timestamptz, country_iso text, "
                    + "events bigint, active_users bigint, purchases bigint, revenue numeric(18, 2)) ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE stage_pages (minute timestamptz, page_path text, views bigint) "
                    + "ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE stage_bots (minute timestamptz, events bigint, bot_users bigint) "
                    + "ON COMMIT DROP");
        }
        try (CopyRows copy = new CopyRows(connection, "stage_country_events")) {
            for (CountryEvents c : content.countryEvents()) {
                copy.minute(c.minute()).text(c.country()).number(c.events()).number(c.activeUsers())
                        .number(c.purchases()).cents(c.revenueCents()).endRow();
            }
            copy.finish();
        }
        try (CopyRows copy = new CopyRows(connection, "stage_pages")) {
            for (PageViews p : content.pages()) {
                copy.minute(p.minute()).text(p.page()).number(p.views()).endRow();
            }
            copy.finish();
        }
        try (CopyRows copy = new CopyRows(connection, "stage_bots")) {
            for (BotEvents b : content.bots()) {
                copy.minute(b.minute()).number(b.events()).number(b.botUsers()).endRow();
            }
            copy.finish();
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
