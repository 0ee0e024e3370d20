package io.clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {

    static final Instant FROM = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant TO = Instant.parse("2026-01-01T11:30:00.250Z");
    static final QueryWindow WINDOW = QueryWindow.of(FROM, TO, Duration.ofMinutes(5));

    private final GrafanaMacros macros = new GrafanaMacros(Map.of(
            "country", new TemplateVariable("country", "SELECT 1", true, true, "'__all'"),
            "page", new TemplateVariable("page", "SELECT 1", false, false, null),
            "device", new TemplateVariable("device", "SELECT 1", false, true, null)));

    @Test
    void timeFilterBecomesABetweenOfTheRangeInRfc3339Utc() {
        assertThat(macros.expand("WHERE $__timeFilter(minute) AND x", WINDOW))
                .as("time filter")
                .isEqualTo("WHERE minute BETWEEN '2026-01-01T10:00:00Z' AND '2026-01-01T11:30:00.250Z' AND x");
        assertThat(macros.expand("$__timeFrom() .. $__timeTo()", WINDOW))
                .as("range bounds")
                .isEqualTo("'2026-01-01T10:00:00Z' .. '2026-01-01T11:30:00.250Z'");
    }

    @Test
    void timeGroupAliasFloorsTheEpochToTheIntervalAndNamesTheColumnTime() {
        assertThat(macros.expand("SELECT $__timeGroupAlias(minute, '5m'), 1", WINDOW))
                .as("quoted interval")
                .isEqualTo("SELECT floor(extract(epoch from minute)/300)*300 AS \"time\", 1");
        assertThat(macros.expand("GROUP BY $__timeGroup(date_trunc('hour', t), 1h, 0)", WINDOW))
                .as("nested call and a fill argument")
                .isEqualTo("GROUP BY floor(extract(epoch from " + "date_trunc('hour', t))/3600)*3600");
        assertThat(macros.expand("$__timeGroup(t, '500ms')", WINDOW))
                .as("sub-second interval")
                .isEqualTo("floor(extract(epoch from t)/0.5)*0.5");
    }

    @Test
    void intervalVariablesAreExpandedBeforeTheMacrosThatUseThem() {
        assertThat(macros.expand("$__timeGroupAlias(minute, $__interval), x / $__interval_ms", WINDOW))
                .as("$__interval inside a macro")
                .isEqualTo("floor(extract(epoch from minute)/300)*300 AS \"time\", x / 300000");
        assertThat(macros.expand("$__range_s ${__interval} [[__interval]]", WINDOW))
                .as("other spellings")
                .isEqualTo("5400 5m 5m");
    }

    @Test
    void aMultiValueVariableIsAQuotedListAndAllIsItsRawAllValue() {
        String sql = "('__all' IN ($country) OR country_iso IN (${country}))";
        assertThat(macros.expand(sql, WINDOW))
                .as("not selected means All")
                .isEqualTo("('__all' IN ('__all') OR country_iso IN ('__all'))");
        assertThat(macros.expand(sql, WINDOW.with("country", List.of("DE", "O'Land"))))
                .as("two values, quote doubled")
                .isEqualTo("('__all' IN ('DE','O''Land') OR country_iso IN ('DE','O''Land'))");
        assertThat(macros.expand(sql, WINDOW.with("country", List.of(QueryWindow.ALL))))
                .as("All chosen")
                .contains("IN ('__all')");
    }

    @Test
    void aSingleValueVariableIsRawUnlessItOffersAll() {
        assertThat(macros.expand("page = '$page'", WINDOW.with("page", List.of("/home"))))
                .as("raw")
                .isEqualTo("page = '/home'");
        assertThat(macros.expand("device IN ($device)", WINDOW.with("device", List.of("mobile"))))
                .as("quoted")
                .isEqualTo("device IN ('mobile')");
        assertThatThrownBy(() -> macros.expand("$device", WINDOW))
                .as("All without allValue needs the options")
                .hasMessageContaining("device has no allValue");
        assertThatThrownBy(() -> macros.expand("$page", WINDOW.with("page", List.of("/a", "/b"))))
                .as("two values for a single-valued variable")
                .hasMessageContaining("takes one value");
    }

    @Test
    void unknownNamesAndBadArgumentsFailNamingWhatIsWrong() {
        assertThatThrownBy(() -> macros.expand("WHERE $region = 1", WINDOW)).hasMessageContaining("$region");
        assertThatThrownBy(() -> macros.expand("$__timeFitler(t)", WINDOW)).hasMessageContaining("$__timeFitler");
        assertThatThrownBy(() -> macros.expand("$__timeFilter(a, b)", WINDOW)).hasMessageContaining("takes 1");
        assertThatThrownBy(() -> macros.expand("$__timeGroup(t, 'often')", WINDOW))
                .hasMessageContaining("often");
        assertThatThrownBy(() -> macros.expand("$__timeFilter(t", WINDOW)).hasMessageContaining("unclosed");
    }

    @Test
    void epochMacrosUseWholeSecondsAndPlainSqlIsLeftAlone() {
        assertThat(macros.expand("$__unixEpochFilter(ts)", WINDOW)).isEqualTo("ts >= 1767261600 AND ts <= 1767267000");
        String plain = "SELECT $1, $$body$$, 'text' FROM t";
        assertThat(macros.expand(plain, WINDOW))
                .as("positional parameters and dollar quotes")
                .isEqualTo(plain);
    }

    @Test
    void intervalTextIsGrafanasShortForm() {
        assertThat(GrafanaMacros.intervalText(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(GrafanaMacros.intervalText(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(GrafanaMacros.intervalText(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(GrafanaMacros.intervalText(Duration.ofDays(1))).isEqualTo("1d");
    }
}
