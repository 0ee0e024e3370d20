package io.clickstream.gold;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.clickstream.gold.load.DeadLetter;
import io.clickstream.gold.load.DeadLetterLoader;
import io.clickstream.gold.postgres.PostgresConnections;
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
 * so a daemon thread waits for it and then starts the query; its checkpoint is {@value #CHECKPOINT_DIR} under the
 * job's checkpoint. The query's failure ends the job as the main query's does ({@link GoldJob#main} waits for either).
 */
public final class DeadLetterStream {

    static final String CHECKPOINT_DIR = "dead-letters";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStream.class);

    private final Thread starter;
    private volatile StreamingQuery query;
    private volatile boolean stopped;

    private DeadLetterStream(SparkSession spark, GoldJobConfig config, String path, PostgresConnections connections) {
        this.starter = new Thread(() -> awaitAndStart(spark, config, path, connections), "gold-dead-letter-start");
        starter.setDaemon(true);
    }

    /** Starts the query once the table at {@code path} exists; returns at once. */
    static DeadLetterStream start(SparkSession spark, GoldJobConfig config, String path,
                                  PostgresConnections connections) {
        DeadLetterStream stream = new DeadLetterStream(spark, config, path, connections);
        stream.starter.start();
        return stream;
    }

    /** The running query, once the table appeared. */
    public Optional<StreamingQuery> query() {
        return Optional.ofNullable(query);
    }

    /** Stops the query, or the wait for the table. */
    public void stop() throws TimeoutException {
        stopped = true;
        starter.interrupt();
        StreamingQuery running;
        synchronized (this) {
            running = query;
        }
        if (running != null) {
            running.stop();
        }
    }

    private void awaitAndStart(SparkSession spark, GoldJobConfig config, String path,
                               PostgresConnections connections) {
        try {
            Path properties = new Path(path, ".hoodie/hoodie.properties");
            FileSystem fs = properties.getFileSystem(spark.sparkContext().hadoopConfiguration());
            while (!fs.exists(properties)) {
                if (stopped) {
                    return;
                }
                Thread.sleep(config.tableWait().toMillis());
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
                query = spark.readStream().format("hudi")
                        // the same reader as for Silver: the table is partitioned (by ingestion date)
                        .option("hoodie.file.group.reader.enabled", "false")
                        .load(path)
                        .select(Arrays.stream(DeadLetter.COLUMNS).map(c -> col(c)).toArray(Column[]::new))
                        .writeStream()
                        .queryName("gold-dead-letters")
                        .option("checkpointLocation", new Path(config.checkpoint(), CHECKPOINT_DIR).toString())
                        .trigger(Trigger.ProcessingTime(config.trigger().toMillis()))
                        .foreachBatch(new DeadLetterLoader(connections, config.loadAttempts(), config.loadBackoff()))
                        .start();
            }
            LOG.info("Gold dead-letter query {} started on {}", query.id(), path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.error("Gold dead-letter query could not start on {}: {}", path, e.toString(), e);
        }
    }
}
