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
}
