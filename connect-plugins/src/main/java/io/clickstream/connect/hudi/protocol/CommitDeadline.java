package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a coordinator's commits: one that runs past {@code commit.deadline.ms} is logged with the committing
 * thread's stack (what it waits on) and aborted. Aborting fences the commit (the commit point refuses it, so it never
 * completes) and interrupts the thread; if the commit still runs {@link #DEFAULT_GRACE} later, the table's file
 * systems are closed, which fails any I/O blocked on them (an S3A read waiting for a pool connection ignores
 * interrupts). The coordinator then ends on {@link CommitAbortedException} and the task starts a fresh one.
 *
 * <p>One daemon thread per coordinator, idle between deadlines; {@link #close()} stops it.
 */
final class CommitDeadline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitDeadline.class);

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final int STACK_FRAMES = 15;

    /** Ends a coordinator whose commit was aborted: the task starts a new one (new writer, new file systems). */
    static final class CommitAbortedException extends RuntimeException {
        CommitAbortedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Commit(String id, Thread thread, long startedNanos) {}

    private final String connector;
    private final long deadlineMs;
    private final long graceMs;
    private final Runnable fence;
    private final Runnable closeFileSystems;
    private final AtomicLong aborted;
    private final ScheduledExecutorService timer;

    private Commit current;
    private Commit abortedCommit;
    private ScheduledFuture<?> expiry;
    private volatile String lastReport;

    /**
     * @param fence            makes the running commit's commit point refuse it
     * @param closeFileSystems closes the file systems the commit's I/O may be blocked on
     * @param abortedBefore    commits aborted by this task's earlier coordinators (the count goes on)
     */
    CommitDeadline(
            String connector,
            long deadlineMs,
            Duration grace,
            Runnable fence,
            Runnable closeFileSystems,
            long abortedBefore) {
        this.connector = connector;
        this.deadlineMs = deadlineMs;
        this.graceMs = grace.toMillis();
        this.fence = fence;
        this.closeFileSystems = closeFileSystems;
        this.aborted = new AtomicLong(abortedBefore);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hudi-commit-deadline-" + connector);
            t.setDaemon(true);
            return t;
        });
    }

    /** The calling thread starts commit {@code commitId}. */
    synchronized void begin(String commitId) {
        Commit commit = new Commit(commitId, Thread.currentThread(), System.nanoTime());
        current = commit;
        abortedCommit = null;
        expiry = timer.schedule(() -> expire(commit), deadlineMs, TimeUnit.MILLISECONDS);
    }

    /** True once the running commit was aborted: its errors end the coordinator rather than count for a retry. */
    synchronized boolean aborted() {
        return current != null && current == abortedCommit;
    }

    /** The commit begun last is over. @return true if it was aborted (it must not be treated as done) */
    synchronized boolean end() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        boolean wasAborted = aborted();
        current = null;
        return wasAborted;
    }

    private void expire(Commit commit) {
        synchronized (this) {
            if (current != commit) {
                return; // ended just now
            }
            abortedCommit = commit;
            aborted.incrementAndGet();
            lastReport = report(commit);
            LOG.warn(lastReport);
            fence.run();
            commit.thread().interrupt();
        }
        timer.schedule(() -> closeIfStillRunning(commit), graceMs, TimeUnit.MILLISECONDS);
    }

    private void closeIfStillRunning(Commit commit) {
        synchronized (this) {
            if (current != commit) {
                return;
            }
        }
        LOG.warn(
                "Commit {} of {} is still running {} ms after it was aborted: closing the table's file systems to fail "
                        + "its blocked I/O",
                commit.id(),
                connector,
                graceMs);
        closeFileSystems.run();
    }

    private String report(Commit commit) {
        StringBuilder text = new StringBuilder()
                .append("Commit ")
                .append(commit.id())
                .append(" of ")
                .append(connector)
                .append(" ran ")
                .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - commit.startedNanos()))
                .append(" ms, past ")
                .append(HudiSinkConfig.COMMIT_DEADLINE_MS)
                .append('=')
                .append(deadlineMs)
                .append(
                        ": aborted (it cannot complete), the coordinator restarts and its rows are committed again. Thread ")
                .append(commit.thread().getName())
                .append(" was at:");
        StackTraceElement[] stack = commit.thread().getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, stack.length); i++) {
            StackTraceElement frame = stack[i];
            text.append("\n\tat ")
                    .append(frame.getClassName())
                    .append('.')
                    .append(frame.getMethodName())
                    .append('(')
                    .append(
                            frame.isNativeMethod()
                                    ? "Native Method"
                                    : frame.getFileName() == null
                                            ? "Unknown Source"
                                            : frame.getFileName() + ":" + frame.getLineNumber())
                    .append(')');
        }
        if (stack.length > STACK_FRAMES) {
            text.append("\n\t... ").append(stack.length - STACK_FRAMES).append(" more");
        }
        return text.toString();
    }

    /** Commits aborted by this task's coordinators, this one's included. */
    long abortedCommits() {
        return aborted.get();
    }

    /** The warning of the last abort, or null. */
    String lastReport() {
        return lastReport;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
