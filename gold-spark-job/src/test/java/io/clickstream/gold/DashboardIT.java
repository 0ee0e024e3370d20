package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.dashboard.DashboardPreview;
import io.clickstream.dashboard.DashboardPreviewCommand;
import io.clickstream.dashboard.DashboardQueries;
import io.clickstream.dashboard.HeadlessChromium;
import io.clickstream.dashboard.PanelQuery;
import io.clickstream.dashboard.QueryWindow;
import io.clickstream.gold.testing.DeadLetterTable;
import io.clickstream.gold.testing.DeadLetterTable.Letter;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.gold.testing.SilverTable;
import io.clickstream.gold.testing.SimulatedTraffic;
import io.clickstream.gold.testing.Waits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the Grafana dashboard, expanded by {@link DashboardQueries} for the range of the traffic, runs on
 * the read-only role {@code gold_reader} against Gold tables the job loaded from simulated traffic (open and closed
 * sessions, bots, several countries) and dead letters from a dead-letter lake table, returns rows, and agrees with
 * Gold queried directly; the role cannot write. The layout preview ({@link DashboardPreview}) of the same data draws
 * every panel in a real browser (headless Chromium) and keeps its screenshot,
 * {@code target/dashboard-preview/grafana-dashboard.png}.
 */
class DashboardIT {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final String READER = "gold_reader";

    private static GoldTestStack stack;
    private static String url;
    private static GoldTables owner;
    private static QueryWindow window;
    private static final DashboardQueries DASHBOARD = DashboardQueries.bundled();
    /** The preview page and its screenshot, kept as test artifacts. */
    private static final Path PREVIEW = Path.of("target/dashboard-preview");

    private static final Set<String> CHARTS = Set.of("timeseries", "bargauge", "barchart", "geomap", "piechart");
    /** Distinct rejected records per minute in the dead-letter table below (a copy and a header-less letter). */
    private static final Map<Instant, Integer> DEAD_LETTERS = new LinkedHashMap<>();

    private static final Instant FIRST_LETTER_MINUTE = START.plusSeconds(60);

    @BeforeAll
    static void loadGold() throws Exception {
        stack = GoldTestStack.start("gold-dashboard");
        Path run = stack.data.resolve("runs").resolve("dashboard");
        Files.createDirectories(run);
        url = GoldTestDatabases.create(stack.postgres, "dashboard_" + Long.toHexString(System.nanoTime()));
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<SilverRow> traffic = SimulatedTraffic.generate(
                11, 6_000, 150, 2_000, Duration.ofMinutes(5).toMillis(), 0.0, 0.02, START);
        long last = traffic.stream().mapToLong(SilverRow::eventTimeMillis).max().orElseThrow();
        // A bot row 12 minutes after the traffic moves the watermark (10 min) past the sessions that ended more than
        // the gap (5 min) before last - 2 min: those close, the most recent stay open.
        SilverRow flush = traffic.stream()
                .filter(SilverRow::bot)
                .findFirst()
                .orElseThrow()
                .at(last + Duration.ofMinutes(12).toMillis(), "flush");
        silver.append(traffic);
        long distinct = traffic.stream().map(SilverRow::eventId).distinct().count() + 1;
        DeadLetterTable deadLetters = new DeadLetterTable(
                stack.spark, run.resolve("dead_letters").toUri().toString());
        appendDeadLetters(deadLetters);
        owner = new GoldTables(url, stack.postgres.user());
        GoldJob.Running job = GoldJob.start(
                stack.spark,
                GoldJobConfig.parse(
                        Stream.concat(
                                        GoldTestDatabases.arguments(
                                                url,
                                                silver.path(),
                                                run.resolve("checkpoint").toString())
                                                .stream(),
                                        Stream.of("--dead-letter-path", deadLetters.path()))
                                .toList(),
                        Map.of(),
                        name -> null));
        long rejected =
                DEAD_LETTERS.values().stream().mapToLong(Integer::longValue).sum();
        try {
            silver.append(List.of(flush));
            Waits.until(
                    "the traffic and the dead letters loaded, the older sessions closed",
                    Duration.ofMinutes(6),
                    () -> GoldTestDatabases.alive(job)
                            && owner.number("SELECT coalesce(sum(rows_in), 0) FROM gold.batches") == distinct
                            && owner.number("SELECT count(*) FROM gold.sessions WHERE NOT is_open") > 0
                            && owner.number("SELECT count(*) FROM gold.dead_letters") == rejected);
        } finally {
            job.stop();
        }
        window = QueryWindow.of(START, Instant.ofEpochMilli(last).plusSeconds(60), Duration.ofMinutes(1));
        assertThat(owner.number("SELECT count(*) FROM gold.sessions WHERE NOT is_open"))
                .as("closed sessions")
                .isPositive();
        assertThat(owner.number("SELECT count(*) FROM gold.sessions WHERE is_open"))
                .as("open sessions")
                .isPositive();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyPanelQueryRunsOnTheReadOnlyRoleAndReturnsRowsWithValues() throws SQLException {
        assertThat(DASHBOARD.panels()).as("panels").hasSizeGreaterThanOrEqualTo(14);
        for (PanelQuery panel : DASHBOARD.panels()) {
            List<List<Object>> rows = asReader(DASHBOARD.sql(panel, window));
            assertThat(rows).as(panel.title() + ": rows").isNotEmpty();
            assertThat(rows.get(0))
                    .as(panel.title() + ": a value in the first row")
                    .anyMatch(v -> v != null);
        }
        List<List<Object>> countries = asReader(DASHBOARD.variableSql("country", window));
        assertThat(countries).extracting(r -> r.get(0)).as("country options").contains("DE", "US", "ZZ");
    }

    @Test
    void timeSeriesPanelsReturnATimeColumnInOrder() throws SQLException {
        for (PanelQuery panel : DASHBOARD.panels()) {
            if (!panel.format().equals("time_series")) {
                continue;
            }
            List<List<Object>> rows = asReader(DASHBOARD.sql(panel, window));
            List<Double> times =
                    rows.stream().map(r -> ((Number) r.get(0)).doubleValue()).toList();
            assertThat(times)
                    .as(panel.title() + ": time column sorted")
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(times.get(0))
                    .as(panel.title() + ": epoch seconds in the range")
                    .isBetween((double) window.from().getEpochSecond(), (double)
                            window.to().getEpochSecond());
        }
    }

    @Test
    void panelNumbersAgreeWithGoldQueriedDirectly() throws SQLException {
        String range = " BETWEEN '" + window.from() + "' AND '" + window.to() + "'";
        assertThat(single("Sessions started", window))
                .as("sessions started, all countries")
                .isEqualTo(owner.number("SELECT count(*) FROM gold.sessions WHERE session_start" + range));
        assertThat(single("Sessions started", window.with("country", List.of("DE", "FR"))))
                .as("sessions started in DE and FR")
                .isEqualTo(owner.number(
                        "SELECT count(*) FROM gold.sessions WHERE country_iso IN ('DE', 'FR') AND session_start"
                                + range))
                .isPositive();
        assertThat(single("Active sessions now", window))
                .as("open sessions")
                .isEqualTo(owner.number("SELECT count(*) FROM gold.sessions WHERE is_open"));
        double perMinute = asReader(DASHBOARD.sql("Events per minute", window)).stream()
                .mapToDouble(r -> ((Number) r.get(1)).doubleValue())
                .sum();
        assertThat(Math.round(perMinute))
                .as("events per minute over 1-minute buckets sum to the events")
                .isEqualTo(owner.number("SELECT sum(events) FROM gold.country_minute"));
        double mapped = asReader(DASHBOARD.sql("Sessions by location", window)).stream()
                .mapToDouble(r -> ((Number) r.get(2)).doubleValue())
                .sum();
        assertThat(Math.round(mapped))
                .as("sessions on the map: those with coordinates")
                .isEqualTo(owner.number(
                        "SELECT count(*) FROM gold.sessions WHERE latitude IS NOT NULL AND session_start" + range));
        List<Object> funnel = asReader(DASHBOARD.sql("Purchase funnel", window)).get(0);
        assertThat(funnel.get(0))
                .as("funnel landings = sessions started")
                .isEqualTo(single("Sessions started", window));
    }

    @Test
    void theDeadLetterRateIsDistinctRejectedRecordsOverAcceptedEventsPlusThemPerMinute() throws SQLException {
        Map<Long, Double> rates = new LinkedHashMap<>();
        for (List<Object> row : asReader(DASHBOARD.sql("Dead-letter rate", window))) {
            rates.put(
                    ((Number) row.get(0)).longValue(), row.get(1) == null ? null : ((Number) row.get(1)).doubleValue());
        }
        for (Map.Entry<Instant, Integer> minute : DEAD_LETTERS.entrySet()) {
            long accepted = owner.number("SELECT coalesce(sum(events), 0) FROM (SELECT events FROM gold.country_minute"
                    + " WHERE minute = '" + minute.getKey() + "' UNION ALL SELECT events FROM gold.bot_minute WHERE "
                    + "minute = '" + minute.getKey() + "') e");
            double expected = minute.getValue() / (double) (accepted + minute.getValue());
            assertThat(rates.get(minute.getKey().getEpochSecond()))
                    .as(
                            "rate of minute %s: %d dead letters, %d " + "accepted events",
                            minute.getKey(), minute.getValue(), accepted)
                    .isCloseTo(expected, within(1e-9));
        }
        Instant quiet = START;
        assertThat(owner.number(
                        "SELECT coalesce(sum(events), 0) FROM gold.country_minute WHERE minute = '" + quiet + "'"))
                .as("accepted events in the first minute")
                .isPositive();
        assertThat(rates.get(quiet.getEpochSecond()))
                .as("a minute without dead letters")
                .isEqualTo(0.0);
        assertThat(owner.number(
                        "SELECT count(*) FROM gold.dead_letters WHERE origin_topic = '" + DeadLetterTable.TOPIC + "'"))
                .as("the header-less letter is its own origin")
                .isEqualTo(1);
    }

    @Test
    void theReadOnlyRoleCannotWriteCreateOrDrop() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, READER, null);
                Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "DELETE FROM gold.sessions",
                    "UPDATE gold.country_minute SET events = 0",
                    "INSERT INTO gold.bot_minute (minute) VALUES (now())",
                    "TRUNCATE gold.page_minute",
                    "CREATE TABLE gold.scratch (x int)",
                    "CREATE TABLE public.scratch (x int)",
                    "DROP TABLE gold.batches",
                    "CREATE SCHEMA scratch")) {
                assertThatThrownBy(() -> s.execute(sql))
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState())
                        .isEqualTo("42501");
            }
        }
        assertThat(owner.number("SELECT count(*) FROM gold.sessions"))
                .as("sessions still there")
                .isPositive();
    }

    @Test
    void thePreviewLaysOutEveryPanelAtItsGridPositionAndABrowserDrawsItsRows() throws Exception {
        Path png = PREVIEW.resolve("grafana-dashboard.png");
        DashboardPreviewCommand command = new DashboardPreviewCommand(
                "--jdbc-url",
                url,
                "--user",
                READER,
                "--from",
                window.from().toString(),
                "--to",
                window.to().toString(),
                "--interval",
                "1m",
                "--out",
                PREVIEW.toString(),
                "--screenshot",
                png.toString());
        DashboardPreview.Page page = command.render();
        HeadlessChromium chromium = HeadlessChromium.find(PREVIEW.resolveSibling("dashboard-preview-chromium"))
                .orElse(null);
        Assumptions.assumeTrue(
                chromium != null,
                "No Chromium found ($CHROMIUM, chromium on the PATH): apt-get install -y chromium (.ci/run does)");
        Map<String, Element> drawn =
                Jsoup.parse(chromium.dumpDom(page.index().toUri(), Duration.ofSeconds(5))).select(".panel").stream()
                        .collect(Collectors.toMap(e -> e.attr("data-title"), Function.identity()));

        List<JsonNode> panels = new ArrayList<>();
        try (InputStream json = DashboardIT.class.getClassLoader().getResourceAsStream(DashboardQueries.RESOURCE)) {
            collectPanels(new ObjectMapper().readTree(json).path("panels"), panels);
        }
        assertThat(drawn.keySet())
                .as("panels laid out")
                .containsExactlyInAnyOrderElementsOf(
                        panels.stream().map(p -> p.path("title").asText()).toList());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            if (panel.path("type").asText().equals("row")) {
                continue; // a row is a heading: it has no query
            }
            Element e = drawn.get(title);
            JsonNode grid = panel.path("gridPos");
            assertThat(e.attr("style"))
                    .as(title + ": at its gridPos (rows of 30 px)")
                    .contains(
                            "top: " + grid.path("y").asInt() * 30 + "px",
                            "height: " + grid.path("h").asInt() * 30 + "px");
            assertThat(e.attr("data-type"))
                    .as(title + ": type")
                    .isEqualTo(panel.path("type").asText());
            int values = Integer.parseInt(e.attr("data-drawn"));
            assertThat(values).as(title + ": values drawn").isPositive();
            if (CHARTS.contains(panel.path("type").asText())) {
                assertThat(e.select("svg path"))
                        .as(title + ": SVG shapes drawn")
                        .isNotEmpty();
            }
            if (panel.path("type").asText().equals("stat")
                    && panel.path("fieldConfig")
                            .path("defaults")
                            .path("unit")
                            .asText()
                            .equals("percentunit")) {
                String shown = e.select(".stat").text();
                assertThat(shown).as(title + ": a rate shown as a percentage").endsWith("%");
                assertThat(Double.parseDouble(
                                shown.substring(0, shown.length() - 1).replace(",", "")))
                        .as(title + ": a rate between 0 and 100 %")
                        .isBetween(0.0, 100.0);
            }
            if (panel.path("type").asText().equals("table")) {
                assertThat(values)
                        .as(title + ": a table row per query row")
                        .isEqualTo(asReader(DASHBOARD.sql(title, window)).size());
            }
        }
        assertThat(command.screenshot(page)).as("screenshot").isNotEmptyFile();
    }

    /** The dashboard's panels, rows' nested panels included. */
    private static void collectPanels(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    /**
     * Two minutes of letters: three records rejected in the first (one of them dead-lettered twice, as Connect's
     * reporter may after a crash), two in the second (one letter without context headers).
     */
    private static void appendDeadLetters(DeadLetterTable table) {
        Instant first = FIRST_LETTER_MINUTE;
        Instant second = FIRST_LETTER_MINUTE.plusSeconds(60);
        String parse = "org.apache.kafka.connect.errors.DataException";
        table.append(List.of(
                new Letter("clickstream_events", 0, 100L, first.plusSeconds(5).toEpochMilli(), parse),
                new Letter("clickstream_events", 1, 100L, first.plusSeconds(20).toEpochMilli(), parse),
                new Letter("clickstream_events", 0, 101L, first.plusSeconds(59).toEpochMilli(), parse)));
        table.append(List.of(
                new Letter("clickstream_events", 0, 100L, first.plusSeconds(5).toEpochMilli(), parse),
                new Letter(null, null, null, second.plusSeconds(1).toEpochMilli(), null),
                new Letter(
                        "clickstream_events",
                        2,
                        7L,
                        second.plusSeconds(30).toEpochMilli(),
                        "java.lang.IllegalArgumentException")));
        DEAD_LETTERS.put(first, 3);
        DEAD_LETTERS.put(second, 2);
    }

    private static long single(String title, QueryWindow w) throws SQLException {
        return ((Number) asReader(DASHBOARD.sql(title, w)).get(0).get(0)).longValue();
    }

    private static List<List<Object>> asReader(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, READER, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new SQLException("query failed: " + sql, e.getSQLState(), e);
        }
        return rows;
    }
}
