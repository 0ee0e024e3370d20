package io.clickstream.gold;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the job's streaming queries until the job ends.
 *
 * <p>A query that failed because its source table gained a column ({@link #schemaChanged}) is started again on its
 * checkpoint: Spark fixes a source's schema when the query starts, a new run reads the table's current schema, and
 * the offset log makes it replay the failed batch (which never reached the loader; had it, the loaders skip a batch
 * or letter they already hold). At most {@value #RESTARTS_WITHOUT_PROGRESS} restarts in a row may end before a
 * trigger completes. Any other failure of a query, or of starting one ({@link #fail}), ends the job: every query is
 * stopped and {@link #failure()} holds the reason. A query stopped on purpose ({@link #stop()}, or its own
 * {@code stop()}) ends quietly.
 */
final class QuerySupervisor {

    /** Starts one run of a query on its checkpoint. */
    interface Starter {
        StreamingQuery start() throws TimeoutException;
    }

    static final int RESTARTS_WITHOUT_PROGRESS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(QuerySupervisor.class);
    private static final long WAIT_MS = 500;
    private static final String INVALID_BATCH = "assertion failed: Invalid batch: ";
    private static final String MICRO_BATCH_EXECUTION = "org.apache.spark.sql.execution.streaming.MicroBatchExecution";

    private final SparkSession spark;
    private final List<Watched> watched = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean stopping;

    QuerySupervisor(SparkSession spark) {
        this.spark = spark;
        Thread thread = new Thread(this::watch, "gold-query-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a query and watches it; a failure to start ends the job. */
    synchronized void start(String name, Starter starter) {
        if (stopping) {
            return;
        }
        try {
            watched.add(new Watched(name, starter, starter.start()));
        } catch (Exception e) {
            // Spark's AnalysisException (a column missing) is a checked exception Scala does not declare
            fail("the query " + name + " could not start", e);
        }
    }

    /** Ends the job with {@code reason}: every query is stopped. */
    void fail(String reason, Throwable cause) {
        synchronized (this) {
            if (failure == null && !stopping) {
                failure = new IllegalStateException(reason + ": " + cause, cause);
                LOG.error("Gold job ends: {}", reason, cause);
            }
        }
        stop();
    }

    /** The running query of that name, if any. */
    Optional<StreamingQuery> query(String name) {
        return watched.stream()
                .filter(w -> w.name.equals(name))
                .map(w -> w.current)
                .findFirst();
    }

    /** Schema-change restarts so far. */
    int restarts() {
        return watched.stream().mapToInt(w -> w.restarts).sum();
    }

    /** Why the job ended, once a query failed for good. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits until every query ended; returns the failure that ended the job, if any. */
    Optional<Throwable> awaitEnd() throws InterruptedException {
        ended.await();
        return failure();
    }

    /** Stops every query; the job ends. */
    void stop() {
        synchronized (this) {
            stopping = true;
        }
        for (Watched w : watched) {
            try {
                w.current.stop();
            } catch (TimeoutException | RuntimeException e) {
                LOG.warn("Gold query {} did not stop cleanly: {}", w.name, e.toString());
            }
        }
    }

    /**
     * Whether {@code failure} is Spark's refusal of a micro-batch whose source schema differs from the one fixed
     * when the query started: {@code MicroBatchExecution}'s assertion {@code "Invalid batch: <columns> != <columns>"}.
     */
    static boolean schemaChanged(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AssertionError
                    && t.getMessage() != null
                    && t.getMessage().startsWith(INVALID_BATCH)) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getClassName().startsWith(MICRO_BATCH_EXECUTION)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void watch() {
        try {
            while (!(stopping && watched.stream().noneMatch(w -> w.current.isActive()))) {
                try {
                    spark.streams().awaitAnyTermination(WAIT_MS);
                } catch (StreamingQueryException e) {
                    // seen below, query by query
                }
                spark.streams().resetTerminated();
                for (Watched w : watched) {
                    if (!w.current.isActive() && !w.done) {
                        ended(w);
                    }
                }
                if (!stopping && !watched.isEmpty() && watched.stream().allMatch(w -> w.done)) {
                    synchronized (this) {
                        stopping = true;
                    }
                }
            }
        } catch (RuntimeException e) {
            fail("the query supervisor failed", e);
        } finally {
            ended.countDown();
        }
    }

    private void ended(Watched w) {
        try {
            // until Spark has let go of the run (its name and checkpoint), which follows its state by a moment
            w.current.awaitTermination();
        } catch (StreamingQueryException e) {
            // read below
        }
        Optional<StreamingQueryException> error = w.current.exception().isDefined()
                ? Optional.of(w.current.exception().get())
                : Optional.empty();
        if (error.isEmpty() || stopping) {
            w.done = true;
            LOG.info("Gold query {} stopped", w.name);
            return;
        }
        if (!schemaChanged(error.get())) {
            w.done = true;
            fail("the query " + w.name + " failed", error.get());
            return;
        }
        w.inARow = w.current.recentProgress().length > 0 ? 1 : w.inARow + 1;
        if (w.inARow > RESTARTS_WITHOUT_PROGRESS) {
            w.done = true;
            fail("the query " + w.name + " failed on a schema change " + w.inARow + " times in a row", error.get());
            return;
        }
        Throwable refusal =
                error.get().getCause() == null ? error.get() : error.get().getCause();
        LOG.warn(
                "Gold query {}: its source's schema changed ({}); restarting it on its checkpoint",
                w.name,
                refusal.getMessage());
        synchronized (this) {
            if (stopping) {
                w.done = true;
                return;
            }
            try {
                w.current = w.starter.start();
                w.restarts++;
                LOG.info("Gold query {} restarted (run {})", w.name, w.current.runId());
            } catch (Exception e) {
                w.done = true;
                fail("the query " + w.name + " could not restart after a schema change", e);
            }
        }
    }

    /** One query of the job and its current run. */
    private static final class Watched {

        final String name;
        final Starter starter;
        volatile StreamingQuery current;
        volatile int restarts;
        int inARow;
        volatile boolean done;

        Watched(String name, Starter starter, StreamingQuery first) {
            this.name = name;
            this.starter = starter;
            this.current = first;
        }
    }
}
