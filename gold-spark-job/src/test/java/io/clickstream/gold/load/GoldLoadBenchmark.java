package io.clickstream.gold.load;

import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.load.BatchContent.CountryEvents;
import io.clickstream.gold.postgres.GoldSchema;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.session.GoldRow;
import io.clickstream.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL load: the Gold transaction ({@link GoldTransaction}: batch row, stored sessions replaced, new ones
 * COPYed, counters) beside two bare COPYs of the same session rows, encoded the same way, on the same server, in the same
 * rounds:
 * <ul>
 *   <li>into {@code bare_sessions_indexed}, a table of {@code gold.sessions}' definition (primary key and indexes,
 *       {@code LIKE ... INCLUDING ALL}): the raw limit for putting these rows into that table;</li>
 *   <li>into {@code bare_sessions}, the same columns without any index: the raw limit of COPY itself.</li>
 * </ul>
 * Each round writes one batch: {@code UPDATES} of its rows replace sessions of the previous round (grown by an
 * event, half of them closed), the rest are new sessions; the bare COPYs write the same rows under keys of their own
 * (COPY cannot replace a row). Round 0 (new sessions only) warms up and is left out. Prints rows/s, best and median,
 * the ratios of the medians, and where the Gold transaction's time went (mean per step).
 *
 * <pre>java -cp ... io.clickstream.gold.load.GoldLoadBenchmark [DIR] [ROWS_PER_BATCH] [ROUNDS] [UPDATES] [explain]</pre>
 * {@code explain} logs every statement's plan with its actual times ({@code auto_explain}) to
 * {@code DIR/postgres.log}; its timings then include the instrumentation.
 */
public final class GoldLoadBenchmark {

    private static final long START = 1_767_225_600_000L;

    private GoldLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-gold-load");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        double updates = args.length > 3 ? Double.parseDouble(args[3]) : 0.0;
        boolean explain = args.length > 4 && args[4].equals("explain");
        try (PostgresServer server = PostgresServer.start(dir, 0)) {
            PostgresConnections connections = new PostgresConnections(server.jdbcUrl(), server.user(), null);
            prepare(connections, explain);
            GoldTransaction transaction = new GoldTransaction(connections);
            UUID query = UUID.randomUUID();
            long[] gold = new long[rounds - 1];
            long[] bare = new long[rounds - 1];
            long[] indexed = new long[rounds - 1];
            Map<String, Long> steps = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                BatchContent content = content(rows, round, round == 0 ? 0.0 : updates);
                TransactionSteps roundSteps = new TransactionSteps();
                long t0 = System.nanoTime();
                transaction.write(query, round, content, t0, roundSteps);
                long goldNanos = System.nanoTime() - t0;
                t0 = System.nanoTime();
                bareCopy(connections, "public.bare_sessions_indexed", content, round);
                long indexedNanos = System.nanoTime() - t0;
                t0 = System.nanoTime();
                bareCopy(connections, "public.bare_sessions", content, round);
                long bareNanos = System.nanoTime() - t0;
                System.out.printf(
                        "round %d: gold %,d ms (%s), bare COPY indexed %,d ms, unindexed %,d ms%n",
                        round, goldNanos / 1_000_000, roundSteps, indexedNanos / 1_000_000, bareNanos / 1_000_000);
                if (round > 0) {
                    gold[round - 1] = goldNanos;
                    indexed[round - 1] = indexedNanos;
                    bare[round - 1] = bareNanos;
                    roundSteps.nanos().forEach((k, v) -> steps.merge(k, v, Long::sum));
                }
            }
            System.out.printf(
                    "rows per batch %,d (%.0f %% updates), rounds %d after a warm-up:%n",
                    rows, updates * 100, rounds - 1);
            System.out.printf(
                    "  gold transaction      %,8.0f rows/s best, %,8.0f median%n",
                    rate(rows, best(gold)), rate(rows, median(gold)));
            System.out.printf(
                    "  bare COPY, indexed    %,8.0f rows/s best, %,8.0f median, ratio of medians %.2f%n",
                    rate(rows, best(indexed)), rate(rows, median(indexed)), (double) median(indexed) / median(gold));
            System.out.printf(
                    "  bare COPY, unindexed  %,8.0f rows/s best, %,8.0f median, ratio of medians %.2f%n",
                    rate(rows, best(bare)), rate(rows, median(bare)), (double) median(bare) / median(gold));
            StringBuilder mean = new StringBuilder();
            steps.forEach((k, v) -> mean.append(mean.isEmpty() ? "" : ", ")
                    .append(k)
                    .append(' ')
                    .append(v / (rounds - 1) / 1_000_000L)
                    .append(" ms"));
            System.out.println("  gold transaction, mean per step: " + mean);
            if (explain) {
                System.out.println("  plans with actual times: " + server.home().resolve("postgres.log"));
            }
        }
    }

    private static void prepare(PostgresConnections connections, boolean explain) throws SQLException {
        try (Connection c = connections.open();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS gold CASCADE");
            s.execute("DROP TABLE IF EXISTS public.bare_sessions, public.bare_sessions_indexed");
            s.execute("ALTER ROLE CURRENT_USER RESET ALL");
            if (explain) {
                s.execute("ALTER ROLE CURRENT_USER SET session_preload_libraries = 'auto_explain'");
                s.execute("ALTER ROLE CURRENT_USER SET auto_explain.log_min_duration = 0");
                s.execute("ALTER ROLE CURRENT_USER SET auto_explain.log_analyze = on");
                s.execute("ALTER ROLE CURRENT_USER SET auto_explain.log_buffers = on");
                s.execute("ALTER ROLE CURRENT_USER SET auto_explain.log_nested_statements = on");
            }
        }
        GoldSchema.migrate(connections);
        try (Connection c = connections.open();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.bare_sessions (LIKE gold.sessions)");
            s.execute("CREATE TABLE public.bare_sessions_indexed (LIKE gold.sessions INCLUDING ALL)");
        }
    }

    /**
     * Round {@code round}'s batch: the first {@code updates} share of its rows are the previous round's sessions,
     * grown by one event (every second one closed); the rest are new sessions, open. One country-minute row per 50
     * sessions.
     */
    private static BatchContent content(int rows, int round, double updates) {
        List<GoldRow> sessions = new ArrayList<>(rows);
        List<CountryEvents> countries = new ArrayList<>();
        long start = START + round * 3_600_000L;
        int replaced = (int) Math.round(rows * updates);
        for (int i = 0; i < rows; i++) {
            GoldRow r;
            if (i < replaced) {
                r = session(round - 1, i);
                r.setSessionEnd(r.getSessionEnd() + 60_000);
                r.setEvents(r.getEvents() + 1);
                r.setOpen(i % 2 == 1);
                r.setFresh(false);
            } else {
                r = session(round, i);
                r.setFresh(true);
            }
            sessions.add(r);
            if (i % 50 == 0) {
                countries.add(new CountryEvents((start / 60_000) + i / 50, "DE", 50, 10, 1, 4_999));
            }
        }
        return new BatchContent(
                sessions,
                countries,
                List.of(),
                List.of(),
                new BatchFigures(rows * 7L, 0, 0, 0, start, start + rows * 10L));
    }

    /** Session {@code i} as round {@code round} first wrote it. */
    private static GoldRow session(int round, int i) {
        long start = START + round * 3_600_000L;
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
        return r;
    }

    /** COPYs the batch's session rows; a replaced session goes in under a key of this round (COPY only inserts). */
    private static void bareCopy(PostgresConnections connections, String table, BatchContent content, int round)
            throws SQLException {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (CopyRows copy = new CopyRows(c, table + " (" + SessionWrite.SESSION_COLUMNS + ")")) {
                for (GoldRow s : content.sessions()) {
                    String key = s.getSessionKey();
                    if (!s.isFresh()) {
                        s.setSessionKey(key + "@" + round);
                    }
                    SessionWrite.copySession(copy, s, round);
                    copy.endRow();
                    s.setSessionKey(key);
                }
                copy.finish();
            }
            c.commit();
        }
    }

    private static long best(long[] nanos) {
        return Arrays.stream(nanos).min().orElseThrow();
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double rate(int rows, long nanos) {
        return rows / (nanos / 1e9);
    }
}
