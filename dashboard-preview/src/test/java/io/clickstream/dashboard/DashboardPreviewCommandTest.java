package io.clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardPreviewCommandTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void theDefaultWindowIsTheLastHourUpToNowWithEveryCountry() {
        QueryWindow window = new DashboardPreviewCommand("--jdbc-url", URL).window(NOW);
        assertThat(window)
                .as("window")
                .isEqualTo(QueryWindow.last(
                        Duration.ofMinutes(DashboardPreviewCommand.DEFAULT_MINUTES), NOW, Duration.ofMinutes(1)));
    }

    @Test
    void aRangeIntervalAndCountriesAreTakenAsGiven() {
        QueryWindow window = new DashboardPreviewCommand(
                        "--jdbc-url",
                        URL,
                        "--from",
                        "2026-03-01T00:00:00Z",
                        "--to",
                        "2026-03-01T00:30:00Z",
                        "--interval",
                        "5m",
                        "--country",
                        "DE,FR")
                .window(NOW);
        assertThat(window)
                .as("window")
                .isEqualTo(new QueryWindow(
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-01T00:30:00Z"),
                        Duration.ofMinutes(5),
                        Map.of("country", List.of("DE", "FR"))));
        assertThat(new DashboardPreviewCommand("--jdbc-url", URL, "--minutes", "15")
                        .window(NOW)
                        .from())
                .as("--minutes 15")
                .isEqualTo(NOW.minus(Duration.ofMinutes(15)));
    }

    @Test
    void aBadOptionFailsNamingIt() {
        assertThatThrownBy(() -> new DashboardPreviewCommand("--url", URL))
                .as("unknown option")
                .hasMessageContaining("unknown option --url");
        assertThatThrownBy(() -> new DashboardPreviewCommand("--minutes", "5"))
                .as("no database")
                .hasMessageContaining("--jdbc-url is required");
        assertThatThrownBy(() -> new DashboardPreviewCommand("--jdbc-url"))
                .as("no value")
                .hasMessageContaining("--jdbc-url needs a value");
        assertThatThrownBy(() -> new DashboardPreviewCommand("--jdbc-url", URL, "--from", "2026-03-01T00:00:00Z"))
                .as("--from alone")
                .hasMessageContaining("--from and --to go together");
        assertThatThrownBy(() -> new DashboardPreviewCommand("--jdbc-url", URL, "--minutes", "an hour"))
                .as("--minutes not a number")
                .hasMessageContaining("bad time range");
        assertThatThrownBy(() -> new DashboardPreviewCommand("--jdbc-url", URL, "--width", "wide"))
                .as("--width not a number")
                .hasMessageContaining("--width must be a number");
    }
}
