package io.clickstream.simulator.model;

import java.util.function.LongSupplier;

/**
 * A token bucket on {@link System#nanoTime()}: permits accrue at {@code ratePerSecond}, at most one second's worth
 * is kept (so a slow consumer catches up briefly but never floods), and a rate of 0 means unlimited.
 *
 * <p>It never sleeps itself: {@link #nanosUntil(int)} tells the caller how long to wait, so the task can wait
 * on something {@code stop()} interrupts.
 */
public final class RateLimiter {
    private final double ratePerSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastNanos;

    public RateLimiter(double ratePerSecond) {
        this(ratePerSecond, System::nanoTime);
    }

    /** With an explicit time source (tests drive it by hand). */
    public RateLimiter(double ratePerSecond, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
        // Start with one permit so the first poll produces something at any rate.
        this.tokens = 1.0;
    }

    public boolean unlimited() {
        return ratePerSecond <= 0;
    }

    /** Takes up to {@code wanted} permits now and returns how many were granted (0 when none is available). */
    public int acquireUpTo(int wanted) {
        if (unlimited()) {
            return wanted;
        }
        refill();
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /**
     * Nanoseconds until {@code permits} are available (0 if they are now); asking for more than the bucket holds
     * waits for a full bucket.
     */
    public long nanosUntil(int permits) {
        if (unlimited()) {
            return 0;
        }
        refill();
        double target = Math.min(permits, Math.max(1.0, Math.floor(capacity)));
        if (tokens >= target) {
            return 0;
        }
        return (long) Math.ceil((target - tokens) / ratePerSecond * 1e9);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerSecond / 1e9);
            lastNanos = now;
        }
    }
}
