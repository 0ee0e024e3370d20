package io.clickstream.gold.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.load.BatchContent.CountryEvents;
import io.clickstream.gold.postgres.GoldSchema;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.postgres.PostgresServer;
import io.clickstream.gold.session.GoldRow;

/**
 * PostgreSQL load: the Gold transaction ({@link GoldTransaction}: batch row, COPY into staging tables, session
 * deltas, upserts) beside a bare COPY of the same session rows into a table of the same shape, on the same server,
 * alternating, best of each. Prints rows/s of both and the ratio.
 *
 * <pre>java -cp ... io.clickstream.gold.load.GoldLoadBenchmark [DIR] [ROWS_PER_BATCH] [ROUNDS]</pre>
 */
public final class GoldLoadBenchmark {

    private GoldLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-gold-load");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (PostgresServer server = PostgresServer.start(dir, 0)) {
            PostgresConnections connections = new PostgresConnections(server.jdbcUrl(), server.user(), null);
            try (Connection c = connections.open(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS gold CASCADE");
            }
            GoldSchema.migrate(connections);
            try (Connection c = connections.open(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS public.bare_sessions (LIKE gold.sessions)");
            }
            GoldTransaction transaction = new GoldTransaction(connections);
            UUID query = UUID.randomUUID();
            long[] gold = new long[rounds];
            long[] bare = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                BatchContent content = content(rows, round);
                long t0 = System.nanoTime();
                transaction.write(query, round, content, t0);
                gold[round] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                bareCopy(connections, content);
                bare[round] = System.nanoTime() - t0;
            }
            double goldRate = rows / (Arrays.stream(gold).min().orElseThrow() / 1e9);
            double bareRate = rows / (Arrays.stream(bare).min().orElseThrow() / 1e9);
            System.out.printf("rows per batch %,d, rounds %d: gold transaction %,.0f rows/s, bare COPY %,.0f rows/s, "
                    + "ratio %.2f%n", rows, rounds, goldRate, bareRate, goldRate / bareRate);
        }
    }

    /** New sessions (a fresh key space per round) and one country-minute row per 50 sessions. */
    private static BatchContent content(int rows, int round) {
        List<GoldRow> sessions = new ArrayList<>(rows);
        List<CountryEvents> countries = new ArrayList<>();
        long start = 1_767_225_600_000L + round * 3_600_000L;
        for (int i = 0; i < rows; i++) {
            GoldRow r = new GoldRow();
            r.setKind(GoldRow.SESSION);
            r.setSessionKey(round + "-" + i + "-" + UUID.nameUUIDFromBytes(("" + round + i).getBytes()));
            r.setUserId("user_" + i);
            r.setClientSessionId(UUID.nameUUIDFromBytes(("s" + i).getBytes()).toString());
            r.setSessionStart(start + i * 10L);
            r.setSessionEnd(start + i * 10L + 120_000);
            r.setEvents(7);
            r.setPageViews(5);
            r.setEntryPage("/");
            r.setExitPage("/product/P" + i % 500);
            r.setConverted(i % 30 == 0);
            r.setRevenueCents(i % 30 == 0 ? 4_999 : 0);
            r.setCountryIso(i % 2 == 0 ? "DE" : "US");
            r.setCity("Berlin");
            r.setDeviceClass("desktop");
            r.setBrowserFamily("Firefox");
            r.setOpen(true);
            sessions.add(r);
            if (i % 50 == 0) {
                countries.add(new CountryEvents((start / 60_000) + i / 50, "DE", 50, 10, 1, 4_999));
            }
        }
        return new BatchContent(sessions, countries, List.of(), List.of(),
                new BatchFigures(rows * 7L, 0, 0, 0, start, start + rows * 10L));
    }

    private static void bareCopy(PostgresConnections connections, BatchContent content) throws SQLException {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (CopyRows copy = new CopyRows(c, "public.bare_sessions (" + GoldTransaction.SESSION_COLUMNS + ")")) {
                for (GoldRow s : content.sessions()) {
                    GoldTransaction.copySession(copy, s, 0);
                    copy.endRow();
                }
                copy.finish();
            }
            c.commit();
        }
    }
}
