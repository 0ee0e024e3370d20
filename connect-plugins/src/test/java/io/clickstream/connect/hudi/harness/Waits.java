package io.clickstream.connect.hudi.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition instead of sleeping for a guessed time. */
public final class Waits {
    private static final long CHECK_EVERY_MS = 30;

    private Waits() {}

    /**
     * Returns once {@code condition} holds, checking it every 30 ms; an {@link AssertionError} naming {@code what}
     * after {@code timeout}. A condition may do work each time it is checked (drive tasks, say) before it answers.
     */
    public static void awaitCondition(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            Thread.sleep(CHECK_EVERY_MS);
        }
    }

    /**
     * Drives the tasks (a poll of up to 40 records, then a pre-commit, each in turn) until {@code done} holds; an
     * {@link AssertionError} naming {@code what} after {@code timeout}.
     */
    public static void driveUntil(BooleanSupplier done, Duration timeout, String what, TaskDriver... drivers)
            throws InterruptedException {
        awaitCondition(
                () -> {
                    if (done.getAsBoolean()) {
                        return true;
                    }
                    for (TaskDriver driver : drivers) {
                        driver.poll(40);
                        driver.preCommit();
                    }
                    return false;
                },
                timeout,
                what);
    }
}
