package io.clickstream.gold.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the Gold tables from PostgreSQL in the shapes {@link GoldOracle} computes. */
public final class GoldTables {

    private final String url;
    private final String user;

    public GoldTables(String url, String user) {
        this.url = url;
        this.user = user;
    }

    public List<GoldOracle.Session> closedSessions() throws SQLException {
        List<GoldOracle.Session> sessions = new ArrayList<>();
        query(
                "SELECT user_id, client_session_id, (extract(epoch FROM session_start) * 1000)::bigint, "
                        + "(extract(epoch FROM session_end) * 1000)::bigint, duration_ms, events, page_views, entry_page, "
                        + "exit_page, bounced, converted, (revenue * 100)::bigint, country_iso, city, device_class, "
                        + "browser_family, latitude, longitude FROM gold.sessions WHERE NOT is_open",
                rs -> sessions.add(new GoldOracle.Session(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getBoolean(10),
                        rs.getBoolean(11),
                        rs.getLong(12),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getString(15),
                        rs.getString(16),
                        rs.getObject(17, Double.class),
                        rs.getObject(18, Double.class))));
        return sessions;
    }

    public Map<String, List<Long>> countryMinutes() throws SQLException {
        Map<String, List<Long>> rows = new TreeMap<>();
        query(
                "SELECT (extract(epoch FROM minute) / 60)::bigint || '|' || country_iso, events, active_users, "
                        + "purchases, (revenue * 100)::bigint, sessions_started, sessions_closed, bounces, conversions "
                        + "FROM gold.country_minute",
                rs -> rows.put(rs.getString(1), longs(rs, 2, 9)));
        return rows;
    }

    public Map<String, Long> pageMinutes() throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        query(
                "SELECT (extract(epoch FROM minute) / 60)::bigint || '|' || page_path, views FROM gold.page_minute",
                rs -> rows.put(rs.getString(1), rs.getLong(2)));
        return rows;
    }

    public Map<Long, List<Long>> funnel() throws SQLException {
        Map<Long, List<Long>> rows = new TreeMap<>();
        query(
                "SELECT (extract(epoch FROM minute) / 60)::bigint, landings, product_views, carts, checkouts, "
                        + "purchases FROM gold.funnel_minute",
                rs -> rows.put(rs.getLong(1), longs(rs, 2, 6)));
        return rows;
    }

    public Map<Long, List<Long>> bots() throws SQLException {
        Map<Long, List<Long>> rows = new TreeMap<>();
        query(
                "SELECT (extract(epoch FROM minute) / 60)::bigint, events, bot_users FROM gold.bot_minute",
                rs -> rows.put(rs.getLong(1), longs(rs, 2, 3)));
        return rows;
    }

    /** A single number, e.g. {@code SELECT count(*) FROM gold.sessions WHERE is_open}; -1 when the query fails. */
    public long number(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static List<Long> longs(ResultSet rs, int from, int to) throws SQLException {
        List<Long> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(rs.getLong(i));
        }
        return values;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, null);
                Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }
}
