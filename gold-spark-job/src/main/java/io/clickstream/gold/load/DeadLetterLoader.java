package io.clickstream.gold.load;

import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.postgres.StorableText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} sink of the dead-letter stream: inserts each letter of the micro-batch into
 * {@code gold.dead_letters} in one transaction, keyed by the record it rejected ({@link DeadLetter#origin}), and
 * ignores letters already there. A replayed batch, or a second copy of a letter (Connect's dead-letter reporter is
 * at-least-once), therefore changes nothing, without any batch bookkeeping. Every string is made storable first
 * ({@link StorableText}): a reason quoting a NUL byte is stored with the NUL escaped, not refused on every replay.
 *
 * <p>Failures: as {@link GoldBatchLoader}, a retryable SQL error (connection lost, server shutting down) is retried
 * with a doubling backoff, at most {@code attempts} times; then the batch fails, which stops the job.
 */
public final class DeadLetterLoader implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLoader.class);
    private static final int JDBC_BATCH = 500;
    private static final String INSERT = "INSERT INTO gold.dead_letters (origin_topic, origin_partition, "
            + "origin_offset, record_time, connector, stage, exception_class, reason, dlq_topic, dlq_partition, "
            + "dlq_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final PostgresConnections connections;
    private final BackoffRetry retry;

    public DeadLetterLoader(PostgresConnections connections, int attempts, Duration firstBackoff) {
        this.connections = connections;
        this.retry = new BackoffRetry(attempts, firstBackoff);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        List<DeadLetter> letters = new ArrayList<>();
        for (Iterator<Row> rows = batch.toLocalIterator(); rows.hasNext(); ) {
            letters.add(DeadLetter.of(rows.next()));
        }
        if (letters.isEmpty()) {
            return;
        }
        int added = retry.run("Dead-letter batch " + batchId, () -> {}, () -> insert(letters));
        LOG.info("Dead-letter batch {}: {} letters, {} new", batchId, letters.size(), added);
    }

    /** Inserts the letters in one transaction; returns how many were new. */
    private int insert(List<DeadLetter> letters) throws SQLException {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            int added = 0;
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int i = 0; i < letters.size(); i++) {
                    bind(insert, letters.get(i));
                    insert.addBatch();
                    if ((i + 1) % JDBC_BATCH == 0 || i + 1 == letters.size()) {
                        for (int count : insert.executeBatch()) {
                            added += Math.max(count, 0);
                        }
                    }
                }
                connection.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement insert, DeadLetter letter) throws SQLException {
        insert.setString(1, StorableText.key(letter.originTopic()));
        insert.setInt(2, letter.originPartition());
        insert.setLong(3, letter.originOffset());
        insert.setTimestamp(4, new Timestamp(letter.recordTimeMillis()));
        setText(insert, 5, letter.connector());
        setText(insert, 6, letter.stage());
        setText(insert, 7, letter.exceptionClass());
        setText(insert, 8, letter.reason());
        insert.setString(9, StorableText.key(letter.dlqTopic()));
        insert.setInt(10, letter.dlqPartition());
        insert.setLong(11, letter.dlqOffset());
    }

    private static void setText(PreparedStatement insert, int index, String value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            insert.setString(index, StorableText.of(value));
        }
    }
}
