package io.clickstream.gold;

import static org.apache.spark.sql.functions.col;

import io.clickstream.gold.load.DeadLetter;
import io.clickstream.gold.load.DeadLetterLoader;
import io.clickstream.gold.postgres.PostgresConnections;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's second streaming query: reads the dead-letter lake table ({@code --dead-letter-path}) and loads each
 * letter into {@code gold.dead_letters} ({@link DeadLetterLoader}). The table appears only with the first dead letter,
 * so a daemon thread waits for it and then starts the query under the job's {@link QuerySupervisor}; its checkpoint
 * is {@value #CHECKPOINT_DIR} under the job's checkpoint.
 *
 * <p>Failures end the job like the main query's: the query failing, failing to start (a table without the columns
 * Gold reads), or the wait for the table failing (the file system unreachable) are reported to the supervisor,
 * which stops both queries; a dead-letter rate of 0 from a job whose second query died is never shown. A schema
 * change of the table restarts the query, as for Silver.
 */
public final class DeadLetterStream {

    static final String CHECKPOINT_DIR = "dead-letters";
    static final String QUERY_NAME = "gold-dead-letters";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStream.class);

    private final Thread starter;
    private final QuerySupervisor supervisor;
    private volatile boolean stopped;

    private DeadLetterStream(
            SparkSession spark,
            GoldJobConfig config,
            String path,
            PostgresConnections connections,
            QuerySupervisor supervisor) {
        this.supervisor = supervisor;
        this.starter = new Thread(() -> awaitAndStart(spark, config, path, connections), "gold-dead-letter-start");
        starter.setDaemon(true);
        starter.setUncaughtExceptionHandler((thread, e) -> {
            if (!stopped) {
                supervisor.fail("the dead-letter query could not start on " + path, e);
            }
        });
    }

    /** Starts the query once the table at {@code path} exists; returns at once. */
    static DeadLetterStream start(
            SparkSession spark,
            GoldJobConfig config,
            String path,
            PostgresConnections connections,
            QuerySupervisor supervisor) {
        DeadLetterStream stream = new DeadLetterStream(spark, config, path, connections, supervisor);
        stream.starter.start();
        return stream;
    }

    /** The running query, once the table appeared. */
    public Optional<StreamingQuery> query() {
        return supervisor.query(QUERY_NAME);
    }

    /** Stops the wait for the table and the query. */
    public void stop() {
        stopped = true;
        starter.interrupt();
        query().ifPresent(q -> {
            try {
                q.stop();
            } catch (TimeoutException e) {
                LOG.warn("Gold dead-letter query did not stop cleanly: {}", e.toString());
            }
        });
    }

    private void awaitAndStart(SparkSession spark, GoldJobConfig config, String path, PostgresConnections connections) {
        try {
            Path properties = new Path(path, ".hoodie/hoodie.properties");
            FileSystem fs = properties.getFileSystem(spark.sparkContext().hadoopConfiguration());
            while (!fs.exists(properties)) {
                if (stopped) {
                    return;
                }
                Thread.sleep(config.tableWait().toMillis());
            }
            if (stopped) {
                return;
            }
            DeadLetterLoader loader = new DeadLetterLoader(connections, config.loadAttempts(), config.loadBackoff());
            supervisor.start(QUERY_NAME, () -> startQuery(spark, config, path, loader));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                supervisor.fail("the dead-letter table at " + path + " could not be read", e);
            }
        }
    }

    private static StreamingQuery startQuery(
            SparkSession spark, GoldJobConfig config, String path, DeadLetterLoader loader) throws TimeoutException {
        StreamingQuery query = spark.readStream()
                .format("hudi")
                // the same reader as for Silver: the table is partitioned (by ingestion date)
                .options(GoldJob.SILVER_READ_OPTIONS)
                .load(path)
                .select(Arrays.stream(DeadLetter.COLUMNS).map(c -> col(c)).toArray(Column[]::new))
                .writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", new Path(config.checkpoint(), CHECKPOINT_DIR).toString())
                .trigger(Trigger.ProcessingTime(config.trigger().toMillis()))
                .foreachBatch(loader)
                .start();
        LOG.info("Gold dead-letter query {} (run {}) started on {}", query.id(), query.runId(), path);
        return query;
    }
}
