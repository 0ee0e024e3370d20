package io.clickstream.gold;

import io.clickstream.gold.load.BatchPublisher;
import io.clickstream.gold.load.GoldBatchLoader;
import io.clickstream.gold.postgres.GoldSchema;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.publish.KafkaGoldPublisher;
import io.clickstream.gold.session.GoldRow;
import io.clickstream.gold.session.Sessionizer;
import io.clickstream.gold.session.SilverEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Gold job: reads the Silver Hudi table as a stream, sessionizes it ({@link Sessionizer}) and loads PostgreSQL
 * schema {@code gold} exactly once per micro-batch ({@link GoldBatchLoader}); with {@code --kafka-bootstrap} it also
 * publishes every row a batch changed to Kafka ({@link KafkaGoldPublisher}); with {@code --dead-letter-path} a
 * second query loads the dead-letter lake table into {@code gold.dead_letters} ({@link DeadLetterStream}).
 *
 * <pre>spark-submit --class io.clickstream.gold.GoldJob gold-spark-job.jar --silver-path P --checkpoint C [...]</pre>
 *
 * <p>At start: the settings are checked (a bad one exits with status 2 and a message naming it), the Gold schema is
 * migrated, and the job waits for the Silver table to exist. After that the {@link QuerySupervisor} watches both
 * queries: one that fails because its table gained a column is restarted on its checkpoint; any other failure (a
 * batch that cannot be loaded within its attempts, the dead-letter query failing or unable to start) stops both
 * and ends the job with status 1, the reason logged; a restart resumes from the checkpoint.
 */
public final class GoldJob {

    private static final Logger LOG = LoggerFactory.getLogger(GoldJob.class);

    private GoldJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--help")) {
            GoldJobConfig.DOCS.forEach((k, v) -> System.out.println("--" + k + "\n    " + v));
            return;
        }
        SparkSession spark = SparkSession.builder().appName("clickstream-gold").getOrCreate();
        GoldJobConfig config;
        try {
            config = GoldJobConfig.parse(Arrays.asList(args), goldProperties(spark), System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("gold job: " + e.getMessage());
            spark.stop();
            System.exit(2);
            return;
        }
        LOG.info("Gold job starting: {}", config);
        Running running = start(spark, config);
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "gold-job-stop"));
        Optional<Throwable> failure;
        try {
            failure = running.awaitEnd();
        } finally {
            running.stop();
            running.loader().close();
            spark.stop();
        }
        if (failure.isPresent()) {
            System.err.println("gold job: " + failure.get().getMessage());
            System.exit(1);
        }
    }

    /**
     * A started job: its queries under a {@link QuerySupervisor} (the main query restarted after a Silver schema
     * change is still {@link #query()}), the main query's loader (tests read its failed attempts), and the
     * dead-letter stream when {@code --dead-letter-path} is set (else null).
     */
    public static final class Running {

        private final QuerySupervisor supervisor;
        private final GoldBatchLoader loader;
        private final DeadLetterStream deadLetters;

        Running(QuerySupervisor supervisor, GoldBatchLoader loader, DeadLetterStream deadLetters) {
            this.supervisor = supervisor;
            this.loader = loader;
            this.deadLetters = deadLetters;
        }

        /** The main query's current run. */
        public StreamingQuery query() {
            return supervisor.query(QUERY_NAME).orElseThrow();
        }

        public GoldBatchLoader loader() {
            return loader;
        }

        public DeadLetterStream deadLetters() {
            return deadLetters;
        }

        /** Why the job ended, once a query failed for good (or could not start). */
        public Optional<Throwable> failure() {
            return supervisor.failure();
        }

        /** Queries restarted after a schema change of their table. */
        public int restarts() {
            return supervisor.restarts();
        }

        /** Waits until the job ends: returns the failure that ended it, or empty when it was stopped. */
        public Optional<Throwable> awaitEnd() throws InterruptedException {
            return supervisor.awaitEnd();
        }

        /** Stops every query and the wait for the dead-letter table. */
        public void stop() {
            if (deadLetters != null) {
                deadLetters.stop();
            }
            supervisor.stop();
        }
    }

    static final String QUERY_NAME = "gold";

    /**
     * Options of every read of the Silver table. Hudi 1.2.0's file-group reader, in a streaming read of a partitioned
     * table, drops the partition column from the rows but not from the schema: every later column shifts left by
     * one. The older reader is right.
     */
    public static final Map<String, String> SILVER_READ_OPTIONS = Map.of("hoodie.file.group.reader.enabled", "false");

    /**
     * The job's computation before the load: Silver rows (a stream, or a table read as a batch) to the
     * {@link Sessionizer}'s rows, grouped by user with the watermark and gap of {@code config}.
     */
    public static Dataset<GoldRow> sessionize(Dataset<Row> silver, GoldJobConfig config) {
        Dataset<SilverEvent> events = SilverColumns.select(silver)
                .withWatermark("eventTime", config.watermark().toMillis() + " milliseconds")
                .as(Encoders.bean(SilverEvent.class));
        return events.groupByKey((MapFunction<SilverEvent, String>) SilverEvent::groupKey, Encoders.STRING())
                .flatMapGroupsWithState(
                        new Sessionizer(
                                config.sessionGap().toMillis(),
                                config.closeCheckMin().toMillis(),
                                config.closeCheckMax().toMillis()),
                        OutputMode.Update(),
                        Encoders.BINARY(), // UserStateCodec's bytes: the timeout scan then decodes nothing
                        Encoders.bean(GoldRow.class),
                        GroupStateTimeout.ProcessingTimeTimeout());
    }

    /** Migrates the schema, waits for the Silver table and starts the streaming query. */
    public static Running start(SparkSession spark, GoldJobConfig config)
            throws InterruptedException, TimeoutException, IOException {
        PostgresConnections connections =
                new PostgresConnections(config.jdbcUrl(), config.jdbcUser(), config.password());
        int migrations = GoldSchema.migrate(connections);
        LOG.info("Gold schema at {}: {} migration(s) applied", connections, migrations);
        configure(spark, config);
        refuseNewCheckpointOverLoadedGold(spark, config, connections);
        awaitTable(spark, config);

        // Loaded only when asked for: kafka-clients and connect-json are then needed on the classpath.
        BatchPublisher publisher = config.kafkaBootstrap()
                .map(servers ->
                        (BatchPublisher) new KafkaGoldPublisher(connections, servers, config.kafkaTopicPrefix()))
                .orElse(null);
        GoldBatchLoader loader =
                new GoldBatchLoader(connections, config.loadAttempts(), config.loadBackoff(), publisher);
        QuerySupervisor supervisor = new QuerySupervisor(spark);
        supervisor.start(QUERY_NAME, () -> startQuery(spark, config, loader));
        if (supervisor.failure().isPresent()) {
            throw new IllegalStateException(
                    supervisor.failure().get().getMessage(),
                    supervisor.failure().get());
        }
        DeadLetterStream deadLetters = config.deadLetterPath()
                .map(path -> DeadLetterStream.start(spark, config, path, connections, supervisor))
                .orElse(null);
        return new Running(supervisor, loader, deadLetters);
    }

    /** One run of the main query; each run reads Silver's schema as it is when it starts. */
    private static StreamingQuery startQuery(SparkSession spark, GoldJobConfig config, GoldBatchLoader loader)
            throws TimeoutException {
        Dataset<GoldRow> rows = sessionize(
                spark.readStream().format("hudi").options(SILVER_READ_OPTIONS).load(config.silverPath()), config);
        StreamingQuery query = rows.writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", config.checkpoint())
                .trigger(Trigger.ProcessingTime(config.trigger().toMillis()))
                .outputMode(OutputMode.Update())
                .foreachBatch(loader)
                .start();
        LOG.info("Gold query {} (run {}) started on {}", query.id(), query.runId(), config.silverPath());
        return query;
    }

    static final String CHANGELOG_CHECKPOINTING =
            "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled";

    /** The session settings the job runs with: UTC, the state's partitions, RocksDB state unless set otherwise. */
    public static void configure(SparkSession spark, GoldJobConfig config) {
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        // Only the first run of a checkpoint uses this; later runs keep the partitioning the state was written with.
        spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(config.statePartitions()));
        if (!spark.conf().contains("spark.sql.streaming.stateStore.providerClass")) {
            spark.conf()
                    .set(
                            "spark.sql.streaming.stateStore.providerClass",
                            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
        }
        // Each micro-batch, idle ones included (the sessionizer's processing-time timeouts run one every trigger),
        // commits every state partition: with changelog checkpointing a commit uploads the batch's changes, not a
        // new RocksDB snapshot of the partition (Spark snapshots in the background every few batches). Spark turns
        // it on for existing checkpoints too.
        if (!spark.conf().contains(CHANGELOG_CHECKPOINTING)) {
            spark.conf().set(CHANGELOG_CHECKPOINTING, "true");
        }
    }

    /**
     * A new checkpoint reads Silver from its start; over a Gold schema that already holds batches (loaded through
     * another checkpoint) every counter would count twice. Refuse rather than double the figures.
     */
    private static void refuseNewCheckpointOverLoadedGold(
            SparkSession spark, GoldJobConfig config, PostgresConnections connections) throws IOException {
        Path metadata = new Path(config.checkpoint(), "metadata");
        if (metadata.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(metadata)) {
            return;
        }
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM gold.batches")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("The checkpoint " + config.checkpoint() + " is new but schema gold at "
                        + connections + " already holds " + rs.getLong(1) + " loaded batches: reading Silver again "
                        + "from its start would count everything twice. Point --checkpoint at the checkpoint that "
                        + "loaded them, or start from an empty schema (DROP SCHEMA gold CASCADE).");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read gold.batches at " + connections + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until Hudi can open the Silver table. Its {@code hoodie.properties} existing is not enough: the sink's first
     * commit creates the table, and a file still being written reads as no table at all (Hudi's "Table does not
     * exist"), which once ended the job at start.
     */
    private static void awaitTable(SparkSession spark, GoldJobConfig config) throws IOException, InterruptedException {
        Path properties = new Path(config.silverPath(), ".hoodie/hoodie.properties");
        FileSystem fs = properties.getFileSystem(spark.sparkContext().hadoopConfiguration());
        String waitingFor = null;
        while (true) {
            String missing = fs.exists(properties)
                    ? unreadable(spark.sparkContext().hadoopConfiguration(), config.silverPath())
                    : "no table yet";
            if (missing == null) {
                return;
            }
            if (!missing.equals(waitingFor)) {
                LOG.info("Waiting for the Silver table at {}: {}", config.silverPath(), missing);
                waitingFor = missing;
            }
            Thread.sleep(config.tableWait().toMillis());
        }
    }

    /** Why Hudi cannot open the table at {@code path} now, or null when it can. */
    static String unreadable(Configuration hadoopConf, String path) {
        try {
            HoodieTableMetaClient.builder()
                    .setConf(HadoopFSUtils.getStorageConf(hadoopConf))
                    .setBasePath(path)
                    .build();
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Map<String, String> goldProperties(SparkSession spark) {
        Map<String, String> properties = new HashMap<>();
        for (Tuple2<String, String> entry : spark.sparkContext().getConf().getAll()) {
            if (entry._1().startsWith(GoldJobConfig.PROPERTY_PREFIX)) {
                properties.put(entry._1().substring(GoldJobConfig.PROPERTY_PREFIX.length()), entry._2());
            }
        }
        return properties;
    }
}
