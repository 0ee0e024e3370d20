package io.clickstream.connect.hudi.protocol;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The coordinator's failure policy: a failed commit is retried next round, but after {@code commit.max.failures}
 * failures in a row, or at once on an error that cannot heal by retrying, the task fails with the cause.
 *
 * <p>Cannot heal, narrowly: access denied on the table's storage ({@code java.nio.file.AccessDeniedException}, which
 * S3A raises for HTTP 403; Hadoop's {@code AccessControlException}; S3A finding no credentials) and a schema Hudi
 * refuses to write to the table ({@code SchemaCompatibilityException} and its subclasses,
 * {@code HoodieSchemaEvolutionConflictException}), anywhere in the cause chain. Everything else (I/O, timeouts, a
 * stale-offsets fence, a broken lock) is counted and retried. Read by the coordinator's thread and by JMX.
 */
final class CommitFailures {

    private static final Set<String> CANNOT_HEAL = Set.of(
            "java.nio.file.AccessDeniedException",
            "org.apache.hadoop.security.AccessControlException",
            "org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException",
            "org.apache.hudi.exception.SchemaCompatibilityException",
            "org.apache.hudi.exception.HoodieSchemaEvolutionConflictException");

    /** The commit failed for good: the task must fail with this (its cause is the last commit's error). */
    static final class CommitFailedException extends ConnectException {
        CommitFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int maxConsecutive;
    private final String connector;
    private volatile int consecutive;
    private volatile long total;

    CommitFailures(int maxConsecutive, String connector) {
        this(maxConsecutive, connector, 0);
    }

    /** @param consecutiveBefore failures in a row of the task's previous coordinator (see its Handover) */
    CommitFailures(int maxConsecutive, String connector, int consecutiveBefore) {
        this.maxConsecutive = maxConsecutive;
        this.connector = connector;
        this.consecutive = consecutiveBefore;
    }

    void succeeded() {
        consecutive = 0;
    }

    /** Counts a failed commit. @throws CommitFailedException when the task must fail */
    void failed(RuntimeException cause) {
        consecutive++;
        total++;
        if (cannotHeal(cause)) {
            throw new CommitFailedException(
                    "Commit of " + connector + " failed with an error that retrying cannot heal (" + cause
                            + "); fix the cause and restart the task",
                    cause);
        }
        if (consecutive >= maxConsecutive) {
            throw new CommitFailedException(
                    "Commit of " + connector + " failed " + consecutive + " times in a row " + "(commit.max.failures="
                            + maxConsecutive + "), last with " + cause,
                    cause);
        }
    }

    int consecutive() {
        return consecutive;
    }

    long total() {
        return total;
    }

    static boolean cannotHeal(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable e = error; e != null && seen.put(e, true) == null; e = e.getCause()) {
            for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
                if (CANNOT_HEAL.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
