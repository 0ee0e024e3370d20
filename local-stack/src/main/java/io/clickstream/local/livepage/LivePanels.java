package io.clickstream.local.livepage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live page's data: every query of {@value #QUERIES} run against the Gold database as the read-only role
 * {@value #READER_ROLE}, in one read-only, repeatable-read transaction, so one refresh is one consistent snapshot and
 * cannot change anything even if a query tried. Rows come back as column label to value, times as ISO-8601 strings,
 * whole numerics as longs and other numerics as doubles.
 *
 * <p>Failure: {@link #read()} throws the driver's {@link SQLException} (database down, schema not migrated yet); each
 * call opens its own connection, so the next one works again once PostgreSQL does. A query is cancelled after
 * {@value #QUERY_TIMEOUT_SECONDS} s.
 */
public final class LivePanels implements PanelSource {

    /** The named queries, one per panel (they mirror the Grafana dashboard's panels). */
    public static final String QUERIES = "live-page/panels.sql";
    /** The Gold migrations' read-only role. */
    public static final String READER_ROLE = "gold_reader";
    static final String HEADLINE = "headline";
    /** The panels' window of event time, up to now ({@code now() - interval '60 minutes'} in the queries). */
    public static final int WINDOW_MINUTES = 60;
    static final int QUERY_TIMEOUT_SECONDS = 10;

    private final String jdbcUrl;
    private final String user;
    private final NamedQueries queries = NamedQueries.load(QUERIES);

    public LivePanels(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /** Every panel's rows, by panel name in file order. */
    @Override
    public Map<String, List<Map<String, Object>>> read() throws SQLException {
        Map<String, List<Map<String, Object>>> panels = new LinkedHashMap<>();
        try (Connection c = readOnlyConnection()) {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                for (Map.Entry<String, String> q : queries.asMap().entrySet()) {
                    try (ResultSet rs = s.executeQuery(q.getValue())) {
                        panels.put(q.getKey(), rows(rs));
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
     * 2.9%}; empty until Gold has loaded a batch or while the database does not answer.
     */
    public String headline() {
        try (Connection c = readOnlyConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery(queries.sql(HEADLINE))) {
                if (!rs.next() || !rs.getBoolean("loaded")) {
                    return "";
                }
                BigDecimal conversion = rs.getBigDecimal("conversion_rate");
                return String.format("live %,d events/min %,d active sessions conversion %s",
                        rs.getLong("events_last_minute"), rs.getLong("active_sessions"),
                        conversion == null ? "-" : String.format("%.1f%%", conversion.doubleValue() * 100));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return "";
        }
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

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), value(rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof BigDecimal d) { // sum() of bigint is numeric: keep whole numbers whole
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValue() : d.doubleValue();
        }
        return v;
    }
}
