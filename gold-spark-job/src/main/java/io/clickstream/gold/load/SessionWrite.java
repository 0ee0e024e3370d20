package io.clickstream.gold.load;

import io.clickstream.gold.postgres.StorableText;
import io.clickstream.gold.session.GoldRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch's session rows into {@code gold.sessions} and the session counters of {@code gold.country_minute} and
 * {@code gold.funnel_minute}, in one pass over the rows, inside the caller's transaction:
 * <ol>
 *   <li>one statement deletes the stored version of every session the batch replaces or merges away
 *       ({@code DELETE ... RETURNING}, by primary key) and moves the counters by minus each stored version plus
 *       each new one (the new side summed here per start minute and country, a few rows);</li>
 *   <li>one COPY puts the new versions into {@code gold.sessions} itself: no staging table, no second write.</li>
 * </ol>
 * A {@linkplain GoldRow#isFresh() fresh} session (opened in this batch) has no stored version, so its key is not
 * looked up. Should one exist after all, the COPY fails on the primary key (SQLSTATE 23505): the batch fails loudly
 * and changes nothing, rather than counting a session twice.
 */
final class SessionWrite {

    static final String SESSION_COLUMNS = "session_key, user_id, client_session_id, session_start, "
            + "session_end, duration_ms, events, page_views, entry_page, exit_page, bounced, converted, "
            + "reached_product, reached_cart, reached_checkout, revenue, country_iso, city, device_class, "
            + "browser_family, is_open, batch_id, latitude, longitude";

    /** Parameters: stored keys to replace, then the new side's arrays (see {@link Cell}), then the batch id twice. */
    private static final String REPLACE_AND_COUNT = """
            WITH old AS (
                DELETE FROM gold.sessions WHERE session_key = ANY (?)
                RETURNING session_start, country_iso, is_open, bounced, converted, reached_product, reached_cart,
                          reached_checkout
            ), delta AS (
                SELECT minute, country_iso, sum(started) AS started, sum(closed) AS closed, sum(bounces) AS bounces,
                       sum(conversions) AS conversions, sum(products) AS products, sum(carts) AS carts,
                       sum(checkouts) AS checkouts
                FROM (SELECT date_trunc('minute', session_start) AS minute, country_iso, -1 AS started,
                             -(NOT is_open)::int AS closed, -bounced::int AS bounces, -converted::int AS conversions,
                             -reached_product::int AS products, -reached_cart::int AS carts,
                             -reached_checkout::int AS checkouts
                      FROM old
                      UNION ALL
                      SELECT to_timestamp(minute * 60), country_iso, started, closed, bounces, conversions,
                             products, carts, checkouts
                      FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                  ?::bigint[], ?::bigint[], ?::bigint[])
                           AS n(minute, country_iso, started, closed, bounces, conversions, products, carts,
                                checkouts)) d
                GROUP BY 1, 2
            ), funnel AS (
                INSERT INTO gold.funnel_minute AS t (minute, landings, product_views, carts, checkouts, purchases,
                                                     batch_id)
                SELECT minute, sum(started), sum(products), sum(carts), sum(checkouts), sum(conversions), ?
                FROM delta GROUP BY minute
                ON CONFLICT (minute) DO UPDATE SET
                    batch_id = EXCLUDED.batch_id,
                    landings = t.landings + EXCLUDED.landings,
                    product_views = t.product_views + EXCLUDED.product_views,
                    carts = t.carts + EXCLUDED.carts,
                    checkouts = t.checkouts + EXCLUDED.checkouts,
                    purchases = t.purchases + EXCLUDED.purchases
            )
            INSERT INTO gold.country_minute AS t (minute, country_iso, sessions_started, sessions_closed, bounces,
                                                  conversions, batch_id)
            SELECT minute, country_iso, started, closed, bounces, conversions, ? FROM delta
            ON CONFLICT (minute, country_iso) DO UPDATE SET
                batch_id = EXCLUDED.batch_id,
                sessions_started = t.sessions_started + EXCLUDED.sessions_started,
                sessions_closed = t.sessions_closed + EXCLUDED.sessions_closed,
                bounces = t.bounces + EXCLUDED.bounces,
                conversions = t.conversions + EXCLUDED.conversions""";

    private SessionWrite() {}

    /** Replaces the stored versions and moves the session counters; then COPYs the new versions. */
    static void write(Connection connection, long batchId, List<GoldRow> sessions, TransactionSteps steps)
            throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        List<String> replaced = new ArrayList<>();
        Map<String, Cell> cells = new TreeMap<>();
        for (GoldRow s : sessions) {
            if (!s.isFresh()) {
                replaced.add(StorableText.key(s.getSessionKey()));
            }
            if (GoldRow.SESSION.equals(s.getKind())) {
                cells.computeIfAbsent(
                                Math.floorDiv(s.getSessionStart(), 60_000L) + "|" + s.getCountryIso(),
                                k -> new Cell(Math.floorDiv(s.getSessionStart(), 60_000L), s.getCountryIso()))
                        .add(s);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(REPLACE_AND_COUNT)) {
            statement.setArray(1, connection.createArrayOf("text", replaced.toArray()));
            List<Cell> list = new ArrayList<>(cells.values());
            statement.setObject(2, list.stream().mapToLong(c -> c.minute).toArray());
            statement.setArray(
                    3,
                    connection.createArrayOf(
                            "text",
                            list.stream().map(c -> StorableText.key(c.country)).toArray()));
            for (int i = 0; i < Cell.COUNTERS; i++) {
                int counter = i;
                statement.setObject(
                        4 + i, list.stream().mapToLong(c -> c.counts[counter]).toArray());
            }
            statement.setLong(4 + Cell.COUNTERS, batchId);
            statement.setLong(5 + Cell.COUNTERS, batchId);
            statement.executeUpdate();
        }
        steps.mark("replace sessions and count");
        try (CopyRows copy = new CopyRows(connection, "gold.sessions (" + SESSION_COLUMNS + ")")) {
            for (GoldRow s : sessions) {
                if (GoldRow.SESSION.equals(s.getKind())) {
                    copySession(copy, s, batchId);
                    copy.endRow();
                }
            }
            copy.finish();
        }
        steps.mark("copy sessions");
    }

    /** The columns {@link #SESSION_COLUMNS} of one session row. */
    static void copySession(CopyRows copy, GoldRow s, long batchId) {
        copy.text(s.getSessionKey())
                .text(s.getUserId())
                .text(s.getClientSessionId())
                .time(s.getSessionStart())
                .time(s.getSessionEnd())
                .number(s.getSessionEnd() - s.getSessionStart())
                .number(s.getEvents())
                .number(s.getPageViews())
                .text(s.getEntryPage())
                .text(s.getExitPage())
                .bool(s.isBounced())
                .bool(s.isConverted())
                .bool(s.isReachedProduct())
                .bool(s.isReachedCart())
                .bool(s.isReachedCheckout())
                .cents(s.getRevenueCents())
                .text(s.getCountryIso())
                .text(s.getCity())
                .text(s.getDeviceClass())
                .text(s.getBrowserFamily())
                .bool(s.isOpen())
                .number(batchId)
                .decimal(s.getLatitude())
                .decimal(s.getLongitude());
    }

    /** What the batch's new session versions add to one start minute and country. */
    private static final class Cell {

        static final int COUNTERS = 7;

        final long minute;
        final String country;
        /** started, closed, bounces, conversions, products, carts, checkouts. */
        final long[] counts = new long[COUNTERS];

        Cell(long minute, String country) {
            this.minute = minute;
            this.country = country;
        }

        void add(GoldRow s) {
            counts[0]++;
            counts[1] += s.isOpen() ? 0 : 1;
            counts[2] += s.isBounced() ? 1 : 0;
            counts[3] += s.isConverted() ? 1 : 0;
            counts[4] += s.isReachedProduct() ? 1 : 0;
            counts[5] += s.isReachedCart() ? 1 : 0;
            counts[6] += s.isReachedCheckout() ? 1 : 0;
        }
    }
}
