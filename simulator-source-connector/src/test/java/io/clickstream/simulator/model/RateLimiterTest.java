package io.clickstream.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Driven by a hand-moved clock: no sleeping, no timing assumptions. */
class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void grantsPermitsAtTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter(100, nanos::get);
        assertThat(limiter.acquireUpTo(1000)).isEqualTo(1);
        assertThat(limiter.acquireUpTo(1000)).isZero();
        assertThat(limiter.nanosUntil(1)).isEqualTo(10_000_000L);
        nanos.addAndGet(250_000_000L);
        assertThat(limiter.acquireUpTo(1000)).isEqualTo(25);
        nanos.addAndGet(5_000_000L);
        assertThat(limiter.acquireUpTo(1000)).isZero();
        nanos.addAndGet(5_000_000L);
        assertThat(limiter.acquireUpTo(1000)).isEqualTo(1);
    }

    @Test
    void keepsAtMostOneSecondOfPermitsAndRespectsTheWantedCount() {
        RateLimiter limiter = new RateLimiter(50, nanos::get);
        nanos.addAndGet(60_000_000_000L);
        assertThat(limiter.acquireUpTo(10)).isEqualTo(10);
        assertThat(limiter.acquireUpTo(1000)).isEqualTo(40);
        assertThat(limiter.acquireUpTo(1000)).isZero();
    }

    @Test
    void tellsHowLongABatchTakesToAccrue() {
        RateLimiter limiter = new RateLimiter(100, nanos::get);
        assertThat(limiter.nanosUntil(1)).isZero();
        assertThat(limiter.nanosUntil(11)).isEqualTo(100_000_000L);
        // More than the bucket holds (one second's worth): wait for a full bucket, not forever.
        assertThat(limiter.nanosUntil(5000)).isEqualTo(990_000_000L);
    }

    @Test
    void zeroMeansUnlimited() {
        RateLimiter limiter = new RateLimiter(0, nanos::get);
        assertThat(limiter.unlimited()).isTrue();
        assertThat(limiter.acquireUpTo(5000)).isEqualTo(5000);
        assertThat(limiter.nanosUntil(1)).isZero();
    }
}
