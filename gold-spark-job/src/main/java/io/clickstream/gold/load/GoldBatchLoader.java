package io.clickstream.gold.load;

import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.session.GoldRow;
import java.time.Duration;
import java.util.UUID;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} sink: aggregates the micro-batch ({@link BatchAggregation}) and writes it in one
 * transaction ({@link GoldTransaction}), keyed by the streaming query's id and the batch id.
 *
 * <h2>Failures</h2>
 * A failed attempt (PostgreSQL down, a connection lost mid-transaction) is rolled back and retried after a backoff
 * that doubles from {@code firstBackoff} up to {@link BackoffRetry#MAX_BACKOFF}, at most {@code attempts} times; then the batch
 * fails, which stops the query and the job with the last error. The batch is cached, so retries do not recompute
 * the sessionization (whose state Spark commits only when the batch succeeds). A commit whose acknowledgement was
 * lost is recognised on the next attempt by its batch row and not applied twice.
 *
 * <h2>Publishing</h2>
 * With a {@link BatchPublisher}, the batch's changed rows are published after the transaction committed, or after
 * it found the batch committed before (a replay after a crash between commit and publish), before the batch
 * counts as done. Reading them back is retried with the transaction.
 */
public final class GoldBatchLoader implements VoidFunction2<Dataset<GoldRow>, Long> {

    private static final long serialVersionUID = 1L;
    /** Spark's local property holding the running query's id (set on the thread that runs foreachBatch). */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private static final Logger LOG = LoggerFactory.getLogger(GoldBatchLoader.class);

    private final GoldTransaction transaction;
    private final BackoffRetry retry;
    private final BatchPublisher publisher;
    private volatile long failedAttempts;

    public GoldBatchLoader(PostgresConnections connections, int attempts, Duration firstBackoff) {
        this(connections, attempts, firstBackoff, null);
    }

    /** {@code publisher} null: nothing is published. */
    public GoldBatchLoader(
            PostgresConnections connections, int attempts, Duration firstBackoff, BatchPublisher publisher) {
        this.transaction = new GoldTransaction(connections);
        this.retry = new BackoffRetry(attempts, firstBackoff);
        this.publisher = publisher;
    }

    @Override
    public void call(Dataset<GoldRow> batch, Long batchId) throws Exception {
        long started = System.nanoTime();
        UUID queryId = UUID.fromString(batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY));
        batch.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Most batches of an idle stream are the sessionizer's timeout checks and hold no row: one job instead
            // of the aggregation's five.
            if (batch.isEmpty()) {
                return;
            }
            BatchContent content = BatchAggregation.of(batch);
            if (content.empty()) {
                return;
            }
            write(queryId, batchId, content, started);
        } finally {
            batch.unpersist();
        }
    }

    private void write(UUID queryId, long batchId, BatchContent content, long started) throws InterruptedException {
        retry.run("Gold batch " + batchId, () -> failedAttempts++, () -> {
            TransactionSteps steps = new TransactionSteps();
            boolean written = transaction.write(queryId, batchId, content, started, steps);
            if (publisher != null) {
                publisher.publish(batchId, content);
            }
            LOG.info(
                    "Gold batch {}: {} ({} rows in, {} late, {} duplicate, {} session rows, {} ms; load: {})",
                    batchId,
                    written ? "committed" : "already committed, skipped",
                    content.figures().rowsIn(),
                    content.figures().lateRows(),
                    content.figures().duplicateRows(),
                    content.sessions().size(),
                    (System.nanoTime() - started) / 1_000_000L,
                    steps);
            return written;
        });
    }

    /** Closes the publisher, if any. */
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    /** Attempts that failed and were retried or gave up, since this loader was created. */
    public long failedAttempts() {
        return failedAttempts;
    }
}
