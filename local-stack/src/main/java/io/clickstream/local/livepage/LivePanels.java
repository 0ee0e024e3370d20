package io.clickstream.local.livepage;

import io.clickstream.dashboard.DashboardQueries;
import io.clickstream.dashboard.PanelRows;
import io.clickstream.dashboard.QueryWindow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live page's data: the SQL of the Grafana dashboard's panels {@link #PANELS} (taken from
 * {@link DashboardQueries#bundled()}, the one copy of that SQL, expanded for the last {@value #WINDOW_MINUTES} minutes
 * up to now, {@code $__interval} 1 minute, every country), run against the Gold database as the read-only role
 * {@value #READER_ROLE}, in one read-only, repeatable-read transaction, so one refresh is one consistent snapshot and
 * cannot change anything even if a query tried. Rows come back by panel title, as column label to value, times as
 * ISO-8601 strings, whole numerics as longs and other numerics as doubles.
 *
 * <p>Failure: a panel title missing from the dashboard throws at construction; {@link #read()} throws the driver's
 * {@link SQLException} (database down, schema not migrated yet); each call opens its own connection, so the next one
 * works again once PostgreSQL does. A query is cancelled after {@value #QUERY_TIMEOUT_SECONDS} s.
 */
public final class LivePanels implements PanelSource {

    /** The Gold migrations' read-only role. */
    public static final String READER_ROLE = "gold_reader";
    /** The dashboard panels the page shows, by title, in page order. */
    public static final List<String> PANELS = List.of(
            "Events per minute",
            "Active sessions now",
            "Conversion rate",
            "Bounce rate",
            "Pipeline freshness",
            "Purchase funnel",
            "Top countries",
            "Top pages");
    /** The panels' window of event time, up to now (Grafana's time range "last 60 minutes"). */
    public static final int WINDOW_MINUTES = 60;

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final int QUERY_TIMEOUT_SECONDS = 10;

    private final String jdbcUrl;
    private final String user;
    private final DashboardQueries dashboard = DashboardQueries.bundled();

    public LivePanels(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        PANELS.forEach(dashboard::panel); // fail now, naming the title, rather than on the first refresh
    }

    /** The SQL of every panel in {@link #PANELS} for the window ending at {@code now}, by title. */
    static Map<String, String> queries(DashboardQueries dashboard, Instant now) {
        QueryWindow window = QueryWindow.last(Duration.ofMinutes(WINDOW_MINUTES), now, INTERVAL);
        Map<String, String> queries = new LinkedHashMap<>();
        PANELS.forEach(title -> queries.put(title, dashboard.sql(title, window)));
        return queries;
    }

    /** Every panel's rows, by panel title in {@link #PANELS} order. */
    @Override
    public Map<String, List<Map<String, Object>>> read() throws SQLException {
        Map<String, List<Map<String, Object>>> panels = new LinkedHashMap<>();
        try (Connection c = readOnlyConnection()) {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                for (Map.Entry<String, String> q :
                        queries(dashboard, Instant.now()).entrySet()) {
                    try (ResultSet rs = s.executeQuery(q.getValue())) {
                        panels.put(q.getKey(), PanelRows.read(rs));
                    }
                }
            } finally {
                c.rollback(); // nothing to keep: the transaction only read
            }
        }
        return panels;
    }

    /**
     * The headline for the terminal's progress line, e.g. {@code live 1,204 events/min 311 active sessions conversion
     * 2.9%}, from the same panels as the page; empty until Gold has loaded a batch or while the database does not
     * answer.
     */
    public String headline() {
        try {
            return headline(read());
        } catch (SQLException e) {
            return "";
        }
    }

    /**
     * The headline of one refresh: events/min is the last complete minute loaded (the series' minute before the
     * newest, which is still filling), as on the page.
     */
    static String headline(Map<String, List<Map<String, Object>>> panels) {
        if (first(panels, "Pipeline freshness", "freshness_s") == null) {
            return ""; // no batch loaded yet
        }
        List<Map<String, Object>> series = panels.getOrDefault("Events per minute", List.of());
        Object events = series.size() < 2 ? null : series.get(series.size() - 2).get("events_per_minute");
        Object sessions = first(panels, "Active sessions now", "active_sessions");
        Object conversion = first(panels, "Conversion rate", "conversion_rate");
        return String.format(
                "live %s events/min %s active sessions conversion %s",
                events == null ? "-" : String.format("%,d", Math.round(((Number) events).doubleValue())),
                sessions == null ? "-" : String.format("%,d", ((Number) sessions).longValue()),
                conversion == null ? "-" : String.format("%.1f%%", ((Number) conversion).doubleValue() * 100));
    }

    private static Object first(Map<String, List<Map<String, Object>>> panels, String title, String column) {
        List<Map<String, Object>> rows = panels.getOrDefault(title, List.of());
        return rows.isEmpty() ? null : rows.get(0).get(column);
    }

    private Connection readOnlyConnection() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, user, null);
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true); // with autocommit off the driver begins each transaction READ ONLY
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }
}
