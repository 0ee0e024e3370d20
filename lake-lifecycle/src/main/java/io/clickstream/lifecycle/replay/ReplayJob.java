package io.clickstream.lifecycle.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silver rebuilt from Bronze: every record Bronze holds up to a sink commit T0 ({@link BronzeCut}) goes, in Kafka
 * order, through the Silver connector's own converters, transforms and row code ({@link RecordPipeline}) into a new
 * Silver table written by the sink's own writer; what the worker would dead-letter goes, with the same headers, through
 * the dead-letter sink's code into a new dead-letter table. The new Silver table's last commit carries Bronze's
 * offsets at T0, so the same connector JSON, POSTed under a new name, resumes there: every record after T0 once.
 *
 * <pre>spark-submit --class io.clickstream.lifecycle.replay.ReplayJob lake-lifecycle.jar --bronze-path P
 *     --silver-connector silver-v2.json [--dead-letter-connector dead-letter-v2.json] [--bronze-instant T0]</pre>
 *
 * <p>Ingestion goes on meanwhile: the replay reads Bronze's committed files and writes only new tables.
 */
public final class ReplayJob {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);

    private ReplayJob() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--help")) {
            ReplayConfig.DOCS.forEach((k, v) -> System.out.println("--" + k + "\n    " + v));
            return;
        }
        ReplayConfig config;
        try {
            config = ReplayConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark =
                SparkSession.builder().appName("clickstream-replay").getOrCreate();
        try {
            Summary summary = run(spark, config);
            System.out.println(summary.describe());
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            spark.stop();
            System.exit(2);
        } catch (RuntimeException e) {
            LOG.error("Replay failed", e);
            System.err.println("replay failed: " + e);
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    /** What a replay did. */
    public record Summary(
            BronzeCut cut,
            String silverPath,
            String silverInstant,
            String deadLetterPath,
            long records,
            long rows,
            long skipped,
            Map<String, Long> rejectedByStage,
            long deadLetters,
            int silverCommits,
            long millis) {

        String describe() {
            return "replay: Bronze as of " + cut.instant() + " (" + records + " records) -> " + silverPath + ": "
                    + rows + " rows in " + silverCommits + " commits, " + skipped + " skipped, rejected "
                    + rejectedByStage + ", " + deadLetters + " dead letters"
                    + (deadLetterPath == null ? "" : " -> " + deadLetterPath) + " in " + millis + " ms; a connector on "
                    + silverPath + " resumes at "
                    + cut.offsets() + " (commit " + silverInstant + ")";
        }
    }

    public static Summary run(SparkSession spark, ReplayConfig config) {
        long started = System.currentTimeMillis();
        ConnectorFile silverFile = ConnectorFile.read(config.silverConnector());
        HudiSinkConfig silverSink = new HudiSinkConfig(silverFile.config());
        String letterTopic = blankToNull(silverFile.config().get("errors.deadletterqueue.topic.name"));
        ConnectorFile letterFile =
                config.deadLetterConnector() == null ? null : ConnectorFile.read(config.deadLetterConnector());
        if (letterTopic != null && letterFile == null) {
            throw new IllegalArgumentException("the Silver connector sends rejects to '" + letterTopic
                    + "': --dead-letter-connector names the dead-letter sink whose new table takes them");
        }
        BronzeCut cut = BronzeCut.of(
                spark.sparkContext().hadoopConfiguration(),
                config.bronzePath(),
                config.bronzeInstant(),
                silverSink.topics());
        LOG.info("Replaying Bronze {} up to commit {}: offsets {}", config.bronzePath(), cut.instant(), cut.offsets());
        Map<String, String> lineage = new LinkedHashMap<>();
        lineage.put("replay.bronze.path", config.bronzePath());
        lineage.put("replay.bronze.instant", cut.instant());
        Map<String, Long> rejected = new TreeMap<>();
        long records = 0;
        long skipped = 0;
        try (TableBatches silver = new TableBatches(silverSink, config.batchRows());
                RecordPipeline pipeline = new RecordPipeline(silverFile.config(), silverSink, silver::schema);
                LetterSink letters = letterFile == null || letterTopic == null
                        ? null
                        : new LetterSink(letterFile, letterTopic, silverFile.name(), config.batchRows())) {
            // Read in one pass before the slow, one-record-at-a-time part: the files of a table being written are
            // cleaned some commits after they are replaced, so a lazy read spread over the whole replay could miss
            // them.
            Dataset<Row> selected = bronzeRows(spark, config.bronzePath(), cut).persist(StorageLevel.DISK_ONLY());
            long selectedRecords = selected.count();
            LOG.info("{} Bronze records up to {} read", selectedRecords, cut.instant());
            Iterator<Row> rows = selected.toLocalIterator();
            while (rows.hasNext()) {
                BronzeRecord record = toRecord(rows.next());
                records++;
                Outcome outcome = pipeline.process(record);
                if (outcome instanceof Outcome.Row row) {
                    silver.add(row.row());
                } else if (outcome instanceof Outcome.Skipped) {
                    skipped++;
                } else if (outcome instanceof Outcome.Rejected reject) {
                    if (!pipeline.toleratesErrors()) {
                        throw new IllegalStateException("record " + record.topic() + "-" + record.partition() + "@"
                                + record.offset() + " is rejected at " + reject.stage() + " ("
                                + reject.error() + ") and the connector has errors.tolerance=none: its task "
                                + "would stop there, and so does the replay");
                    }
                    rejected.merge(reject.stage(), 1L, Long::sum);
                    if (letters != null) {
                        letters.add(record, reject);
                    }
                }
            }
            selected.unpersist();
            if (!silver.finish(cut.offsets(), lineage)) {
                throw new IllegalStateException("no record of Bronze up to " + cut.instant() + " became a Silver row ("
                        + records + " read, " + rejected + " rejected): no table was created");
            }
            long letterCount = 0;
            String letterPath = null;
            if (letters != null) {
                letters.finish(lineage);
                letterCount = letters.rows();
                letterPath = letters.path();
            }
            return new Summary(
                    cut,
                    silver.path(),
                    silver.lastInstant(),
                    letterPath,
                    records,
                    silver.rows(),
                    skipped,
                    rejected,
                    letterCount,
                    silver.commits(),
                    System.currentTimeMillis() - started);
        }
    }

    /** Bronze's records below the cut's offsets, each once, in Kafka order. */
    static Dataset<Row> bronzeRows(SparkSession spark, String bronzePath, BronzeCut cut) {
        Dataset<Row> bronze = spark.read().format("hudi").load(bronzePath);
        DataType valueType = bronze.schema().apply(BronzeRecordBuilder.VALUE).dataType();
        if (!(valueType instanceof BinaryType) || !List.of(bronze.columns()).contains(BronzeRecordBuilder.HEADERS)) {
            throw new IllegalArgumentException("Bronze " + bronzePath + " holds layout 1 (value as text, no key or "
                    + "headers): the replay needs the records as Kafka held them (layout 2, docs/hudi-sink.md)");
        }
        Column below = null;
        for (Map.Entry<String, Long> entry : cut.offsets().entrySet()) {
            Column partition = col(BronzeRecordBuilder.KAFKA_TOPIC)
                    .equalTo(OffsetsCodec.topicOf(entry.getKey()))
                    .and(col(BronzeRecordBuilder.KAFKA_PARTITION).equalTo(OffsetsCodec.partitionOf(entry.getKey())))
                    .and(col(BronzeRecordBuilder.KAFKA_OFFSET).lt(entry.getValue()));
            below = below == null ? partition : below.or(partition);
        }
        return bronze.where(below)
                .select(
                        col(BronzeRecordBuilder.KAFKA_TOPIC),
                        col(BronzeRecordBuilder.KAFKA_PARTITION),
                        col(BronzeRecordBuilder.KAFKA_OFFSET),
                        expr("unix_millis(" + BronzeRecordBuilder.KAFKA_TIMESTAMP + ")"),
                        col(BronzeRecordBuilder.KEY),
                        col(BronzeRecordBuilder.VALUE),
                        col(BronzeRecordBuilder.HEADERS))
                .dropDuplicates(
                        BronzeRecordBuilder.KAFKA_TOPIC,
                        BronzeRecordBuilder.KAFKA_PARTITION,
                        BronzeRecordBuilder.KAFKA_OFFSET)
                .orderBy(
                        BronzeRecordBuilder.KAFKA_TOPIC,
                        BronzeRecordBuilder.KAFKA_PARTITION,
                        BronzeRecordBuilder.KAFKA_OFFSET);
    }

    private static BronzeRecord toRecord(Row row) {
        List<BronzeRecord.Header> headers = new ArrayList<>();
        if (!row.isNullAt(6)) {
            for (Row h : row.<Row>getList(6)) {
                headers.add(new BronzeRecord.Header(h.getString(0), h.isNullAt(1) ? null : (byte[]) h.get(1)));
            }
        }
        return new BronzeRecord(
                row.getString(0),
                row.getInt(1),
                row.getLong(2),
                row.isNullAt(3) ? null : row.getLong(3),
                row.isNullAt(4) ? null : (byte[]) row.get(4),
                row.isNullAt(5) ? null : (byte[]) row.get(5),
                headers);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
