package io.clickstream.dashboard;

/**
 * One SQL query of a dashboard panel, as written in the dashboard JSON (macros and variables not expanded).
 *
 * @param panelId the panel's {@code id}
 * @param title the panel's title, unique in the dashboard
 * @param panelType Grafana's visualization ({@code timeseries}, {@code stat}, {@code table}, {@code geomap}, ...)
 * @param refId the target's {@code refId} ({@code A}, ...)
 * @param format {@code time_series} (a {@code time} column, sorted) or {@code table}
 * @param rawSql the target's {@code rawSql}
 * @param minInterval the panel's {@code interval} (the lower bound of {@code $__interval}), or null
 */
public record PanelQuery(
        int panelId, String title, String panelType, String refId, String format, String rawSql, String minInterval) {}
