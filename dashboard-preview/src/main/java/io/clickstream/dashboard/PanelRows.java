package io.clickstream.dashboard;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A panel query's result as pages draw it: rows of column label to value, in column order; times as ISO-8601
 * strings, whole numerics as longs and other numerics as doubles (JSON-ready, as Grafana's data frames carry them).
 */
public final class PanelRows {

    private PanelRows() {}

    /** Every row of {@code rs}. */
    public static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
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
