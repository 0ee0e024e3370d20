package io.clickstream.local.livepage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamedQueriesTest {

    @Test
    void eachQueryRunsFromItsNameLineToTheNextWithoutTheTrailingSemicolon() {
        NamedQueries q = NamedQueries.parse("test.sql", """
                -- header, not a query
                -- name: one
                -- what it is
                SELECT 1;

                -- name: two
                SELECT 2
                FROM t
                """);
        assertThat(q.asMap()).as("queries").containsOnlyKeys("one", "two");
        assertThat(q.sql("one")).as("one").isEqualTo("-- what it is\nSELECT 1");
        assertThat(q.sql("two")).as("two").isEqualTo("SELECT 2\nFROM t");
        assertThatThrownBy(() -> q.sql("three")).as("unknown name").hasMessageContaining("three")
                .hasMessageContaining("[one, two]");
    }

    @Test
    void aFileWithoutQueriesAQueryWithoutSqlOrANameTwiceIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> NamedQueries.parse("a.sql", "SELECT 1")).as("no name")
                .hasMessageContaining("a.sql").hasMessageContaining("no '-- name:");
        assertThatThrownBy(() -> NamedQueries.parse("b.sql", "-- name: x\n-- only a comment\n-- name: y\nSELECT 1"))
                .as("no SQL").hasMessageContaining("b.sql").hasMessageContaining("'x' has no SQL");
        assertThatThrownBy(() -> NamedQueries.parse("c.sql", "-- name: x\nSELECT 1\n-- name: x\nSELECT 2"))
                .as("twice").hasMessageContaining("c.sql").hasMessageContaining("'x' is defined twice");
        assertThatThrownBy(() -> NamedQueries.load("no/such.sql")).as("missing resource")
                .hasMessageContaining("no/such.sql");
    }

    @Test
    void thePanelQueriesCoverEveryChartAndHeadlineNumberOfThePage() throws IOException {
        NamedQueries queries = NamedQueries.load(LivePanels.QUERIES);
        String page;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("live-page/index.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> charts = attributes(page, "data-panel");
        List<String> stats = attributes(page, "data-stat");
        assertThat(charts).as("charts on the page").hasSize(6);
        assertThat(queries.asMap()).as("queries").containsKeys(charts.toArray(String[]::new))
                .containsKey(LivePanels.HEADLINE);
        assertThat(stats).as("headline numbers on the page").hasSize(5).allSatisfy(stat ->
                assertThat(queries.sql(LivePanels.HEADLINE)).as("headline query").contains("AS " + stat));
    }

    @Test
    void everyPanelQueryReadsTheSameWindowThePageDraws() {
        NamedQueries queries = NamedQueries.load(LivePanels.QUERIES);
        List<String> windows = queries.asMap().values().stream()
                .flatMap(sql -> Pattern.compile("now\\(\\) - interval '([^']+)'").matcher(sql).results())
                .map(m -> m.group(1)).toList();
        assertThat(windows).as("windows in the queries").hasSizeGreaterThanOrEqualTo(6)
                .containsOnly(LivePanels.WINDOW_MINUTES + " minutes");
    }

    private static List<String> attributes(String html, String name) {
        return Pattern.compile(name + "=\"([a-z_]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
    }
}
