package io.clickstream.local.livepage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.dashboard.HeadlessChromium;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The live page's server with panels from a fixed source: what it serves, and what a real browser (headless Chromium)
 * draws from it. The end-to-end check on Gold's real tables is in {@code RunCommandIT}.
 */
class LivePageServerTest {

    private static final Path ARTIFACTS = Path.of("target/live-page");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Panels as the dashboard's queries return them, by panel title, in the last minutes: 3 minutes (the newest still
     * filling), no bounce rate known, 2 countries, 3 pages.
     */
    static Map<String, List<Map<String, Object>>> fixedPanels() {
        long minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        Map<String, List<Map<String, Object>>> panels = new LinkedHashMap<>();
        panels.put(
                "Events per minute",
                List.of(
                        row("time", minute - 180, "events_per_minute", 900),
                        row("time", minute - 120, "events_per_minute", 1204),
                        row("time", minute - 60, "events_per_minute", 640)));
        panels.put("Active sessions now", List.of(row("active_sessions", 311)));
        panels.put("Conversion rate", List.of(row("conversion_rate", 0.029)));
        panels.put("Bounce rate", List.of(row("bounce_rate", null)));
        panels.put("Pipeline freshness", List.of(row("freshness_s", 6.24)));
        panels.put(
                "Purchase funnel",
                List.of(row("Landing", 400, "Product view", 220, "Cart", 60, "Checkout", 25, "Purchase", 12)));
        panels.put(
                "Top countries",
                List.of(
                        row("country", "DE", "sessions", 150, "events", 1500, "revenue", 99.5),
                        row("country", "FR", "sessions", 120, "events", 1244, "revenue", 0)));
        panels.put(
                "Top pages",
                List.of(
                        row("page", "/home", "views", 700),
                        row("page", "/product/42", "views", 300),
                        row("page", "/cart", "views", 80)));
        return panels;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndEchartsFromTheClasspathAndNothingElse() throws Exception {
        try (LivePageServer page = LivePageServer.start(0, LivePageServerTest::fixedPanels)) {
            HttpResponse<String> index = get(page.uri());
            assertThat(index.statusCode()).as("GET /").isEqualTo(200);
            assertThat(index.body())
                    .as("the page")
                    .contains("echarts.min.js", "page.js", "data-panel=\"Purchase funnel\"")
                    .doesNotContain("http://", "https://");
            HttpResponse<String> echarts = get(page.uri().resolve("echarts.min.js"));
            assertThat(echarts.statusCode()).as("GET /echarts.min.js").isEqualTo(200);
            assertThat(echarts.headers().firstValue("Content-Type"))
                    .as("type")
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(echarts.body())
                    .as("ECharts from the WebJar")
                    .contains("echarts")
                    .hasSizeGreaterThan(500_000);
            assertThat(get(page.uri().resolve("page.js")).statusCode())
                    .as("GET /page.js")
                    .isEqualTo(200);
            assertThat(get(page.uri().resolve("page.css")).statusCode())
                    .as("GET /page.css")
                    .isEqualTo(200);

            assertThat(get(page.uri().resolve("../../etc/passwd")).statusCode())
                    .as("a path outside")
                    .isEqualTo(404);
            assertThat(get(page.uri().resolve("grafana/dashboards/clickstream.json"))
                            .statusCode())
                    .as("a classpath resource not served")
                    .isEqualTo(404);
            HttpResponse<String> post = HTTP.send(
                    HttpRequest.newBuilder(page.uri())
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("POST /").isEqualTo(405);
        }
    }

    @Test
    void panelsAreJsonAndAnUnreadableDatabaseIsA503ThatSaysWhy() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (LivePageServer page = LivePageServer.start(0, LivePageServerTest::fixedPanels)) {
            HttpResponse<String> ok = get(page.uri().resolve("api/panels"));
            assertThat(ok.statusCode()).as("status").isEqualTo(200);
            assertThat(ok.headers().firstValue("Cache-Control"))
                    .as("never cached")
                    .hasValue("no-store");
            JsonNode body = json.readTree(ok.body());
            assertThat(body.path("refreshSeconds").asInt()).as("refresh").isEqualTo(LivePageServer.REFRESH_SECONDS);
            assertThat(body.path("windowMinutes").asInt()).as("window").isEqualTo(LivePanels.WINDOW_MINUTES);
            assertThat(body.path("panels").path("Top pages").get(1).path("page").asText())
                    .as("a row")
                    .isEqualTo("/product/42");
        }
        try (LivePageServer page = LivePageServer.start(0, () -> {
            throw new SQLException("Connection to 127.0.0.1:5432 refused");
        })) {
            HttpResponse<String> down = get(page.uri().resolve("api/panels"));
            assertThat(down.statusCode()).as("status").isEqualTo(503);
            assertThat(json.readTree(down.body()).path("error").asText())
                    .as("error")
                    .contains("Gold is not readable yet", "5432 refused");
        }
    }

    @Test
    void aRequestForAnotherHostIsRefusedSoARebindingPageCannotReadThePanels() throws Exception {
        try (LivePageServer page = LivePageServer.start(0, LivePageServerTest::fixedPanels)) {
            assertThat(statusLine(page.uri(), "attacker.example:" + page.uri().getPort()))
                    .as("Host attacker.example")
                    .contains(" 403 ");
            assertThat(statusLine(page.uri(), "127.0.0.1:" + page.uri().getPort()))
                    .as("Host 127.0.0.1")
                    .contains(" 200 ");
            assertThat(statusLine(page.uri(), "localhost")).as("Host localhost").contains(" 200 ");
        }
    }

    /** The status line of {@code GET /api/panels} sent with this {@code Host} (HttpClient will not set Host). */
    private static String statusLine(URI page, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", page.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET /api/panels HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void aBusyPortIsReplacedByAFreeOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0);
                LivePageServer page = LivePageServer.start(busy.getLocalPort(), LivePageServerTest::fixedPanels)) {
            assertThat(page.uri().getPort())
                    .as("port")
                    .isNotEqualTo(busy.getLocalPort())
                    .isPositive();
            assertThat(get(page.uri()).statusCode()).as("GET /").isEqualTo(200);
        }
    }

    @Test
    void aBrowserDrawsEveryPanelWithEachValueOfItsRows() throws Exception {
        HeadlessChromium chromium =
                HeadlessChromium.find(ARTIFACTS.resolve("chromium-fixed")).orElse(null);
        Assumptions.assumeTrue(
                chromium != null,
                "No Chromium found ($CHROMIUM, chromium on the PATH): apt-get install -y chromium (.ci/run does)");
        try (LivePageServer page = LivePageServer.start(0, LivePageServerTest::fixedPanels)) {
            LivePageDom dom = LivePageDom.parse(chromium.dumpDom(page.uri(), Duration.ofSeconds(8)));

            assertThat(dom.refreshes())
                    .as("refreshes; status: %s", dom.status())
                    .isPositive();
            assertThat(dom.chartPoints())
                    .as("values drawn per chart")
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("Events per minute", 3, "Purchase funnel", 5, "Top countries", 2, "Top pages", 3));
            assertThat(dom.chartShapes())
                    .as("SVG paths per chart")
                    .allSatisfy((panel, paths) -> assertThat(paths).as(panel).isPositive());
            assertThat(dom.chartText("Top pages")).as("page labels").contains("/home", "/product/42", "/cart");
            assertThat(dom.stats())
                    .as("headline numbers")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "events_last_minute",
                            "1,204",
                            "active_sessions",
                            "311",
                            "conversion_rate",
                            "2.9 %",
                            "bounce_rate",
                            "–",
                            "freshness_s",
                            "6.2 s"));

            Path png = ARTIFACTS.resolve("live-page-fixed-data.png");
            chromium.screenshot(page.uri(), Duration.ofSeconds(8), png, 1400, 900);
            assertThat(png).as("screenshot").isNotEmptyFile();
        }
    }

    @Test
    void aBrowserShowsWhyThereIsNoDataWhileGoldIsNotReadable() throws Exception {
        HeadlessChromium chromium =
                HeadlessChromium.find(ARTIFACTS.resolve("chromium-down")).orElse(null);
        Assumptions.assumeTrue(
                chromium != null,
                "No Chromium found ($CHROMIUM, chromium on the PATH): apt-get install -y chromium (.ci/run does)");
        try (LivePageServer page = LivePageServer.start(0, () -> {
            throw new SQLException("relation \"gold.batches\" does not exist");
        })) {
            LivePageDom dom = LivePageDom.parse(chromium.dumpDom(page.uri(), Duration.ofSeconds(3)));
            assertThat(dom.status()).as("status line").contains("Gold is not readable yet", "gold.batches", "retrying");
            assertThat(dom.refreshes()).as("refreshes").isZero();
        }
    }
}
