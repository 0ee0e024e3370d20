package io.clickstream.gold.load;

import java.sql.SQLException;

/**
 * Publishes what a micro-batch changed in Gold, after its transaction committed. Called again for a replayed batch
 * (whose transaction finds it committed and changes nothing), so an implementation must publish the same rows both
 * times: the rows stamped with the batch id, read back from PostgreSQL, and the batch's deleted session keys.
 *
 * <p>A {@link SQLException} (reading the rows back) is retried like the transaction; any other exception fails the
 * batch, and the job, with its cause.
 */
public interface BatchPublisher extends AutoCloseable {

    void publish(long batchId, BatchContent content) throws SQLException;

    @Override
    void close();
}
