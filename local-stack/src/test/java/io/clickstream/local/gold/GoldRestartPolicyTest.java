package io.clickstream.local.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoldRestartPolicyTest {

    private final GoldRestartPolicy policy = new GoldRestartPolicy();
    private final Duration shortRun = Duration.ofSeconds(30);

    @Test
    void theWaitStartsAtFiveSecondsAndDoublesUpToTwoMinutes() {
        assertThat(policy.afterExit(1, shortRun)).as("first exit").hasValue(Duration.ofSeconds(5));
        assertThat(policy.afterExit(1, shortRun)).as("second").hasValue(Duration.ofSeconds(10));
        assertThat(policy.afterExit(137, shortRun)).as("third, killed").hasValue(Duration.ofSeconds(20));
        assertThat(policy.afterExit(1, shortRun)).as("fourth").hasValue(Duration.ofSeconds(40));
        assertThat(policy.afterExit(1, shortRun)).as("fifth").hasValue(Duration.ofSeconds(80));
        assertThat(policy.afterExit(1, shortRun)).as("sixth, capped").hasValue(Duration.ofMinutes(2));
        assertThat(policy.afterExit(1, shortRun)).as("seventh, capped").hasValue(Duration.ofMinutes(2));
    }

    @Test
    void aRunOfFiveMinutesOrMoreStartsTheSeriesAgain() {
        policy.afterExit(1, shortRun);
        policy.afterExit(1, shortRun);
        policy.afterExit(1, shortRun);

        assertThat(policy.afterExit(1, GoldRestartPolicy.DEFAULT_HEALTHY_RUN))
                .as("after a healthy run")
                .hasValue(Duration.ofSeconds(5));
        assertThat(policy.afterExit(1, GoldRestartPolicy.DEFAULT_HEALTHY_RUN.minusSeconds(1)))
                .as("after a run just short of healthy")
                .hasValue(Duration.ofSeconds(10));
    }

    @Test
    void anExitForInvalidSettingsIsNeverRestarted() {
        assertThat(policy.afterExit(GoldRestartPolicy.BAD_SETTINGS, shortRun))
                .as("exit 2")
                .isEmpty();
        assertThat(policy.afterExit(GoldRestartPolicy.BAD_SETTINGS, Duration.ofHours(1)))
                .as("exit 2, long run")
                .isEmpty();
        assertThat(policy.afterExit(1, shortRun)).as("another exit after").hasValue(Duration.ofSeconds(5));
    }
}
