package io.clickstream.gold.load;

import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one PostgreSQL write of a micro-batch until it succeeds: a failed attempt whose error a retry may heal
 * ({@link #retryable}) is retried after a backoff that doubles from {@code firstBackoff} up to {@link #MAX_BACKOFF},
 * at most {@code attempts} times in all; any other error, or the last attempt's, fails with an
 * {@link IllegalStateException} naming the batch, the SQLSTATE and the error. Each attempt must be a transaction of
 * its own that leaves nothing behind when it throws.
 */
final class BackoffRetry implements Serializable {

    private static final long serialVersionUID = 1L;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(BackoffRetry.class);

    /** One attempt of the write. */
    interface Attempt<T> {
        T run() throws SQLException;
    }

    private final int attempts;
    private final Duration firstBackoff;

    BackoffRetry(int attempts, Duration firstBackoff) {
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** {@code what} names the batch in messages ("Gold batch 7"); {@code onFailure} runs after each failed attempt. */
    <T> T run(String what, Runnable onFailure, Attempt<T> attempt) throws InterruptedException {
        Duration backoff = firstBackoff;
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                onFailure.run();
                if (!retryable(e)) {
                    throw new IllegalStateException(
                            what + " failed with an error a retry cannot heal (SQLSTATE " + e.getSQLState() + "): "
                                    + e.getMessage(),
                            e);
                }
                if (n >= attempts) {
                    throw new IllegalStateException(
                            what + " failed " + attempts + " times (SQLSTATE " + e.getSQLState() + "); last error: "
                                    + e.getMessage(),
                            e);
                }
                LOG.warn(
                        "{} attempt {}/{} failed ({}); retrying in {} ms",
                        what,
                        n,
                        attempts,
                        e.getMessage(),
                        backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Whether a retry may succeed: the connection failed or was cut (class 08, or no state at all: an I/O error),
     * the server is shutting down or out of resources (57, 53), or the transaction lost a conflict (40). A
     * constraint or syntax error (23, 42, ...) fails the same way every time.
     */
    static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return state == null
                || state.startsWith("08")
                || state.startsWith("57")
                || state.startsWith("53")
                || state.startsWith("40");
    }
}
