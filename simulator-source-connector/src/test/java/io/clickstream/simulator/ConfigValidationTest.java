package io.clickstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidationTest {

    private static Map<String, List<String>> errors(String... overrides) {
        return new ClickstreamSourceConnector()
                .validate(Simulations.props(overrides)).configValues().stream()
                        .filter(v -> !v.errorMessages().isEmpty())
                        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void defaultsAreValid() {
        assertThat(errors()).isEmpty();
        assertThat(errors(ClickstreamSourceConfig.CLOCK, "WALL")).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "events.per.second|-1|at least 0",
                "events.per.second|fast|double",
                "max.events|-5|at least 0",
                "users.concurrent|0|at least 1",
                "users.population|0|at least 1",
                "session.mean.page.views|0.5|at least 1",
                "session.inactivity.timeout.ms|10|at least 1000",
                "think.time.mean.ms|0|at least 1",
                "bounce.probability|1.5|no more than 1",
                "conversion.rate|-0.1|at least 0",
                "bot.share|2|no more than 1",
                "late.event.share|1.01|no more than 1",
                "late.event.max.delay.ms|0|at least 1",
                "duplicate.share|-0.5|at least 0",
                "malformed.share|7|no more than 1",
                "ip.unknown.share|1.2|no more than 1",
                "ipv6.share|-1|at least 0",
                "batch.max.records|0|at least 1",
                "clock|sundial|String must be one of",
                "record.timestamp|later|String must be one of",
                "clock.start|yesterday|ISO-8601",
                "clock.start|2026-13-01T00:00:00Z|ISO-8601",
                "topic|''|non-empty",
                "seed|abc|long",
            })
    void aBadValueFailsOnItsKeyWithAReason(String key, String value, String reason) {
        Map<String, List<String>> errors = errors(key, value);
        assertThat(errors).containsOnlyKeys(key);
        assertThat(String.join(" ", errors.get(key))).containsIgnoringCase(reason);
    }

    @Test
    void conversionBeyondWhatBouncesLeaveFailsOnConversionRate() {
        Map<String, List<String>> errors = errors("bounce.probability", "0.9", "conversion.rate", "0.2");
        assertThat(errors).containsOnlyKeys("conversion.rate");
        assertThat(errors.get("conversion.rate").get(0))
                .contains("bounce.probability=0.9")
                .contains("at most");
    }

    @Test
    void populationSmallerThanConcurrencyFailsOnPopulation() {
        Map<String, List<String>> errors = errors("users.concurrent", "5000", "users.population", "100");
        assertThat(errors).containsOnlyKeys("users.population");
        assertThat(errors.get("users.population").get(0)).contains("users.concurrent=5000");
    }

    @Test
    void thinkTimeNotBelowTheInactivityTimeoutFailsOnThinkTime() {
        Map<String, List<String>> errors =
                errors("think.time.mean.ms", "60000", "session.inactivity.timeout.ms", "60000");
        assertThat(errors).containsOnlyKeys("think.time.mean.ms");
    }

    @Test
    void startingWithACrossFieldErrorNamesTheKey() {
        assertThatThrownBy(() -> new ClickstreamSourceConnector()
                        .start(Simulations.props("bounce.probability", "1.0", "conversion.rate", "0.01")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conversion.rate");
    }
}
