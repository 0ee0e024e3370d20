package io.clickstream.connect.hudi.deadletter;

import io.clickstream.connect.hudi.protocol.StagingCheck;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A task's dead letters, and the guarantee that none is lost: a record whose dead letter was not produced must never
 * have its offset committed to the table, since the table's offsets decide where a restart reads.
 *
 * <ul>
 *   <li>Letters this task sends ({@link ErrantRecordReporter}) are kept until produced; before a partition's range is
 *       staged ({@link #beforeStaging}) the task waits for the letters inside it. One that failed fails the task.
 *   <li>Letters the worker sends for records its converters or transforms rejected never reach the task; the worker
 *       counts the failed ones ({@link WorkerDeadLetterFailures}). A count above the one at start fails the task, at
 *       {@code put()} and before staging.
 * </ul>
 *
 * Failures are sticky: once found, every later check throws the same {@link ConnectException}, so the task fails at
 * its next {@code put()} even when the control thread found it. Thread-safe.
 */
public final class DeadLetters implements StagingCheck {

    /** Longest wait for one letter; the producer gives up after delivery.timeout.ms (two minutes by default). */
    static final long MAX_WAIT_MS = 180_000L;

    static final String LOG_LINE = "Could not produce message to dead letter queue";

    private record Pending(long offset, Future<Void> sent) {}

    private final ErrantRecordReporter reporter;
    private final WorkerDeadLetterFailures worker;
    private final long workerFailuresAtStart;
    private final Map<TopicPartition, Deque<Pending>> pending = new HashMap<>();
    private volatile ConnectException failure;

    /** @param reporter the task's reporter, null when the connector has no dead-letter queue */
    public DeadLetters(ErrantRecordReporter reporter, WorkerDeadLetterFailures worker) {
        this.reporter = reporter;
        this.worker = worker;
        this.workerFailuresAtStart = worker.count();
    }

    /**
     * Sends the record to the dead-letter queue with {@code reason} (bounded by the caller) as its error.
     *
     * @throws ConnectException when there is no dead-letter queue, or Connect refuses the letter at once
     */
    public void report(SinkRecord record, TopicPartition tp, long offset, DataException reason) {
        if (reporter == null) {
            throw new ConnectException(
                    "Record " + coordinates(tp, offset) + " cannot be written and no dead-letter queue "
                            + "is configured (errors.tolerance=all, errors.deadletterqueue.topic.name): "
                            + reason.getMessage(),
                    reason);
        }
        Future<Void> sent = reporter.report(record, reason);
        synchronized (this) {
            pending.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(new Pending(offset, sent));
        }
    }

    /** Fails when a dead letter of the worker's failed, or one of this task's did earlier. */
    public void check() {
        ConnectException found = failure;
        if (found != null) {
            throw found;
        }
        long failures = worker.count();
        if (failures > workerFailuresAtStart) {
            fail(new ConnectException((failures - workerFailuresAtStart) + " dead letter(s) of this task could not be "
                    + "produced, e.g. of records its converters or transforms rejected ("
                    + WorkerDeadLetterFailures.ATTRIBUTE + " of "
                    + worker.source() + " rose from " + workerFailuresAtStart + " to " + failures
                    + "). Their records are not "
                    + "committed to the table, nor is any offset after them; a restarted task reads them again. Look for \""
                    + LOG_LINE + "\" in the worker log for the cause (a RecordTooLargeException: raise the connector's "
                    + "producer.override.max.request.size)"));
        }
    }

    /** Waits for this task's letters of {@code tp} below {@code endOffset}; see the class comment. */
    @Override
    public void beforeStaging(TopicPartition tp, long endOffset) {
        check();
        Deque<Pending> letters;
        synchronized (this) {
            letters = pending.get(tp);
            if (letters == null || letters.isEmpty()) {
                return;
            }
            letters = new ArrayDeque<>(letters);
        }
        for (Pending letter : letters) {
            if (letter.offset() >= endOffset) {
                break;
            }
            await(tp, letter);
        }
        synchronized (this) {
            Deque<Pending> current = pending.get(tp);
            if (current != null) {
                current.removeIf(p -> p.offset() < endOffset && p.sent().isDone());
            }
        }
    }

    /** Forgets the letters of a partition this task no longer owns: its next owner reads them again. */
    public synchronized void forget(TopicPartition tp) {
        pending.remove(tp);
    }

    private void await(TopicPartition tp, Pending letter) {
        try {
            letter.sent().get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            fail(new ConnectException(
                    "The dead letter of record " + coordinates(tp, letter.offset()) + " could not be "
                            + "produced (" + cause
                            + "). The record is not committed to the table, nor is any offset after it; a "
                            + "restarted task reads it again",
                    cause));
        } catch (TimeoutException e) {
            fail(new ConnectException(
                    "The dead letter of record " + coordinates(tp, letter.offset()) + " was not "
                            + "confirmed within " + MAX_WAIT_MS
                            + " ms. The record is not committed to the table, nor is any offset "
                            + "after it; a restarted task reads it again",
                    e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException(
                    "Interrupted waiting for the dead letter of record " + coordinates(tp, letter.offset()), e);
        }
    }

    /** Keeps the first failure (logged by whoever catches it: Connect, or the participant's control thread). */
    private synchronized void fail(ConnectException e) {
        if (failure == null) {
            failure = e;
        }
        throw failure;
    }

    private static String coordinates(TopicPartition tp, long offset) {
        return tp.topic() + "-" + tp.partition() + "@" + offset;
    }
}
