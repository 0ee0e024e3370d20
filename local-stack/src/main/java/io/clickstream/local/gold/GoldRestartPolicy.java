package io.clickstream.local.gold;

import java.time.Duration;
import java.util.Optional;

/**
 * When the local stack restarts a Gold job that exited: after {@link #DEFAULT_FIRST_DELAY}, doubling with every exit
 * that follows a short run up to {@link #DEFAULT_MAX_DELAY}; a run of at least {@link #DEFAULT_HEALTHY_RUN} starts the
 * series again. So a job that a transient fault stops (the disk full for a moment, PostgreSQL restarted) is back
 * within seconds, and one that fails at every start costs a JVM start every two minutes, not a busy loop. An exit with
 * {@value #BAD_SETTINGS} is never restarted: the job exits so when its settings are invalid (its {@code main}), and
 * the same settings would fail again.
 */
final class GoldRestartPolicy {

    static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(5);
    static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(2);
    static final Duration DEFAULT_HEALTHY_RUN = Duration.ofMinutes(5);
    /** GoldJob's exit status for invalid settings. */
    static final int BAD_SETTINGS = 2;

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration healthyRun;
    private Duration nextDelay;

    GoldRestartPolicy() {
        this(DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY, DEFAULT_HEALTHY_RUN);
    }

    GoldRestartPolicy(Duration firstDelay, Duration maxDelay, Duration healthyRun) {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < first delay <= max delay, got " + firstDelay + " and " + maxDelay);
        }
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.healthyRun = healthyRun;
        this.nextDelay = firstDelay;
    }

    /** The wait before restarting a job that ran for {@code ran} and exited with {@code exitCode}; empty: never. */
    Optional<Duration> afterExit(int exitCode, Duration ran) {
        if (exitCode == BAD_SETTINGS) {
            return Optional.empty();
        }
        if (ran.compareTo(healthyRun) >= 0) {
            nextDelay = firstDelay;
        }
        Duration delay = nextDelay;
        nextDelay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        return Optional.of(delay);
    }
}
