package io.clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    static final QueryWindow WINDOW = QueryWindow.of(
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"), Duration.ofSeconds(15));

    private final DashboardQueries dashboard = DashboardQueries.bundled();

    @Test
    void theBundledDashboardHasEveryPanelTheDocsList() {
        assertThat(dashboard.panels())
                .extracting(PanelQuery::title)
                .as("panels")
                .containsExactly(
                        "Events per minute",
                        "Active sessions now",
                        "Sessions started",
                        "Revenue",
                        "Conversion rate",
                        "Bounce rate",
                        "Average session duration",
                        "Sessions by location",
                        "Top countries",
                        "Top pages",
                        "Purchase funnel",
                        "Bot share",
                        "Pipeline freshness",
                        "Dead-letter rate");
        assertThat(dashboard.variables()).containsKey("country");
    }

    @Test
    void everyPanelExpandsToSqlWithoutGrafanaSyntaxLeft() {
        for (PanelQuery q : dashboard.panels()) {
            assertThat(dashboard.sql(q, WINDOW))
                    .as(q.title())
                    .doesNotContain("$")
                    .doesNotContain("[[");
        }
        assertThat(dashboard.variableSql("country", WINDOW))
                .as("variable query")
                .contains("BETWEEN");
    }

    @Test
    void thePanelsMinimumIntervalBoundsInterval() {
        assertThat(dashboard.sql("Events per minute", WINDOW))
                .as("1m panel interval over a 15 s window")
                .contains("/60)*60 AS \"time\"")
                .contains("/ (60000 / 60000.0)");
        QueryWindow coarse = QueryWindow.of(WINDOW.from(), WINDOW.to(), Duration.ofMinutes(5));
        assertThat(dashboard.sql("Events per minute", coarse))
                .as("a larger window interval wins")
                .contains("/300)*300");
    }

    @Test
    void theCountryVariableFiltersWhenValuesAreChosen() {
        assertThat(dashboard.sql("Sessions started", WINDOW.with("country", List.of("DE", "FR"))))
                .contains("country_iso IN ('DE','FR')");
    }

    @Test
    void unknownTitlesAndDuplicatePanelsAreRefused() {
        assertThatThrownBy(() -> dashboard.panel("Nope")).hasMessageContaining("Events per minute");
        String twice =
                "{\"panels\":[{\"id\":1,\"title\":\"T\",\"targets\":[{\"refId\":\"A\",\"rawSql\":\"SELECT 1\"}]},"
                        + "{\"id\":2,\"title\":\"T\",\"targets\":[{\"refId\":\"A\",\"rawSql\":\"SELECT 2\"}]}]}";
        assertThatThrownBy(
                        () -> DashboardQueries.read(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("two panels titled 'T'");
    }
}
