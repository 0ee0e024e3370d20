package io.clickstream.local.livepage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.dashboard.DashboardQueries;
import io.clickstream.dashboard.PanelQuery;
import io.clickstream.dashboard.QueryWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The live page's panels are the Grafana dashboard's: each one the page names exists there and expands to SQL. */
class LivePanelsTest {

    private static final Pattern DATA_PANEL = Pattern.compile("data-panel=\"([^\"]+)\"");
    private static final Pattern STAT = Pattern.compile("data-panel=\"([^\"]+)\" data-column=\"([^\"]+)\"");

    @Test
    void everyPanelThePageShowsIsADashboardPanelWhoseSqlExpandsForTheLastHour() {
        DashboardQueries dashboard = DashboardQueries.bundled();
        Instant now = Instant.parse("2026-11-28T11:30:15Z");

        Map<String, String> queries = LivePanels.queries(dashboard, now);

        assertThat(queries.keySet()).as("panels queried").containsExactlyElementsOf(LivePanels.PANELS);
        assertThat(dashboard.panels().stream().map(PanelQuery::title))
                .as("dashboard titles")
                .containsAll(LivePanels.PANELS);
        assertThat(queries).as("expanded SQL").allSatisfy((title, sql) -> {
            assertThat(sql).as(title).startsWithIgnoringCase("SELECT").doesNotContain("$", "[[");
            assertThat(sql)
                    .as(title)
                    .isEqualTo(
                            dashboard.sql(title, QueryWindow.last(Duration.ofMinutes(60), now, Duration.ofMinutes(1))));
        });
        assertThat(queries.get("Events per minute"))
                .as("the window: last 60 minutes up to now")
                .contains("2026-11-28T10:30:15Z", "2026-11-28T11:30:15Z");
        assertThat(queries.get("Top countries")).as("every country").contains("'__all' IN ('__all')");
    }

    @Test
    void everyPanelNamedByThePageIsOneThatLivePanelsReads() throws IOException {
        Set<String> named = new LinkedHashSet<>();
        Matcher m = DATA_PANEL.matcher(page());
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named)
                .as("data-panel titles in index.html")
                .isNotEmpty()
                .isSubsetOf(LivePanels.PANELS)
                .containsAll(LivePanels.PANELS);
    }

    @Test
    void everyNumberOnThePageIsAColumnOfItsPanelsQuery() throws IOException {
        Map<String, String> queries = LivePanels.queries(DashboardQueries.bundled(), Instant.now());
        Matcher m = STAT.matcher(page());
        int stats = 0;
        while (m.find()) {
            stats++;
            assertThat(queries.get(m.group(1))).as("SQL of %s", m.group(1)).contains("AS " + m.group(2));
        }
        assertThat(stats).as("numbers on the page").isEqualTo(5);
    }

    @Test
    void theHeadlineIsTheLastCompleteMinuteAndTheStatPanels() {
        assertThat(LivePanels.headline(LivePageServerTest.fixedPanels()))
                .as("headline")
                .isEqualTo("live 1,204 events/min 311 active sessions conversion 2.9%");
    }

    @Test
    void theHeadlineIsEmptyBeforeGoldHasLoadedABatch() {
        Map<String, List<Map<String, Object>>> panels = new LinkedHashMap<>(LivePageServerTest.fixedPanels());
        Map<String, Object> noBatch = new HashMap<>();
        noBatch.put("freshness_s", null);
        panels.put("Pipeline freshness", List.of(noBatch));
        assertThat(LivePanels.headline(panels)).as("headline without a batch").isEmpty();
    }

    private static String page() throws IOException {
        try (InputStream in = LivePanelsTest.class.getClassLoader().getResourceAsStream("live-page/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
