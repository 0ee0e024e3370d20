package io.clickstream.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A layout preview of the Grafana dashboard where no Grafana runs: every panel of the dashboard JSON, at its
 * {@code gridPos} (24 columns, rows of {@value #ROW_PX} px), with its title and the rows of its first query (expanded
 * by {@link DashboardQueries} for a {@link QueryWindow}) drawn by panel type with ECharts: {@code timeseries} as lines,
 * {@code stat} as a number, {@code bargauge}/{@code barchart} as bars, {@code table} as a table, {@code geomap} as a
 * scatter of latitude/longitude, {@code piechart} as a pie, any other type as its first rows. It is not Grafana: no
 * Grafana styling, thresholds, overrides or map tiles; the layout, the SQL and the data are the dashboard's own.
 *
 * <p>{@link #render} writes a static page into a directory: {@code index.html}, its script and style, the panels'
 * rows as {@code data.js} and {@code echarts.min.js} from the WebJar, so it opens from disk, offline. A panel whose
 * query fails throws {@link SQLException} naming the panel and its SQL; nothing is drawn half.
 */
public final class DashboardPreview {

    /** Grafana's grid: 24 columns wide, rows of 30 px. */
    static final int COLUMNS = 24;

    static final int ROW_PX = 30;
    /** The page's header above the grid, in px (preview.css). */
    static final int HEADER_PX = 64;

    static final int QUERY_TIMEOUT_SECONDS = 60;
    private static final String ASSETS = "dashboard-preview/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final DashboardQueries queries;

    private DashboardPreview(byte[] dashboard) throws IOException {
        this.root = JSON.readTree(dashboard);
        this.queries = DashboardQueries.read(new ByteArrayInputStream(dashboard));
    }

    /** The dashboard packaged at {@link DashboardQueries#RESOURCE}. */
    public static DashboardPreview bundled() {
        try {
            return new DashboardPreview(resource(DashboardQueries.RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DashboardQueries.RESOURCE, e);
        }
    }

    /** A dashboard JSON file. */
    public static DashboardPreview read(Path file) {
        try {
            return new DashboardPreview(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + file, e);
        }
    }

    /**
     * Runs every panel's first query for {@code window} on {@code gold} (best as the read-only role) and writes the
     * page into {@code dir}, replacing an earlier preview there.
     */
    public Page render(Connection gold, QueryWindow window, Path dir) throws SQLException, IOException {
        List<Map<String, Object>> panels = new ArrayList<>();
        collect(root.path("panels"), gold, window, panels);
        int gridRows = panels.stream()
                .mapToInt(p -> {
                    Map<?, ?> grid = (Map<?, ?>) p.get("gridPos");
                    return (Integer) grid.get("y") + (Integer) grid.get("h");
                })
                .max()
                .orElse(0);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", root.path("title").asText());
        page.put("uid", root.path("uid").asText());
        page.put("from", window.from().toString());
        page.put("to", window.to().toString());
        page.put("selections", window.selections());
        page.put("panels", panels);

        Files.createDirectories(dir);
        for (String asset : List.of("index.html", "preview.js", "preview.css")) {
            Files.write(dir.resolve(asset), resource(ASSETS + asset));
        }
        try (InputStream echarts = open(EchartsWebJar.script())) {
            Files.copy(echarts, dir.resolve("echarts.min.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        // JSON is a JavaScript literal; "</" is escaped so no value can close a script element.
        String data =
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(page).replace("</", "<\\/");
        Files.writeString(dir.resolve("data.js"), "window.DASHBOARD = " + data + ";\n", StandardCharsets.UTF_8);
        return new Page(dir.resolve("index.html"), HEADER_PX + gridRows * ROW_PX);
    }

    private void collect(JsonNode list, Connection gold, QueryWindow window, List<Map<String, Object>> into)
            throws SQLException {
        for (JsonNode panel : list) {
            String title = panel.path("title").asText();
            JsonNode grid = panel.path("gridPos");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", panel.path("id").asInt());
            p.put("title", title);
            p.put("type", panel.path("type").asText());
            p.put(
                    "gridPos",
                    Map.of(
                            "x",
                            grid.path("x").asInt(),
                            "y",
                            grid.path("y").asInt(),
                            "w",
                            grid.path("w").asInt(COLUMNS),
                            "h",
                            grid.path("h").asInt(8)));
            p.put(
                    "unit",
                    panel.path("fieldConfig").path("defaults").path("unit").asText(""));
            p.put("options", panel.path("options"));
            Optional<PanelQuery> query = queries.panels().stream()
                    .filter(q -> q.title().equals(title))
                    .findFirst();
            if (query.isPresent()) {
                p.put("format", query.get().format());
                p.put("rows", run(gold, title, queries.sql(query.get(), window)));
            }
            into.add(p);
            collect(panel.path("panels"), gold, window, into);
        }
    }

    private static List<Map<String, Object>> run(Connection gold, String title, String sql) throws SQLException {
        try (Statement s = gold.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery(sql)) {
                return PanelRows.read(rs);
            }
        } catch (SQLException e) {
            throw new SQLException("panel '" + title + "': " + e.getMessage() + "; SQL: " + sql, e.getSQLState(), e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String name) {
        InputStream in = DashboardPreview.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("No resource " + name + " on the classpath");
        }
        return in;
    }

    /**
     * A rendered preview.
     *
     * @param index its {@code index.html}
     * @param height the page's height in CSS px (header and grid): a screenshot this tall shows every panel
     */
    public record Page(Path index, int height) {}
}
