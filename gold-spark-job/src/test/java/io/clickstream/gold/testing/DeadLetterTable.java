package io.clickstream.gold.testing;

import io.clickstream.contract.LakeTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A dead-letter lake table as {@code connectors/dead-letter-hudi-sink.json} writes it, written with Spark: Bronze's
 * columns plus the error context header columns (strings), insert only, partitioned by {@code ingest_date}. Letters
 * are numbered by their offset in the dead-letter topic's partition 0. Each {@link #append} is one Hudi commit.
 */
public final class DeadLetterTable {

    public static final String TOPIC = "clickstream_events.dlq";

    /**
     * One letter: the rejected record's origin (null: no context headers) and timestamp, Connect's exception class
     * and the reason (only with context headers).
     */
    public record Letter(
            String originTopic,
            Integer originPartition,
            Long originOffset,
            long timeMillis,
            String exceptionClass,
            String reason) {

        /** A letter whose reason is "bad input". */
        public Letter(
                String originTopic,
                Integer originPartition,
                Long originOffset,
                long timeMillis,
                String exceptionClass) {
            this(originTopic, originPartition, originOffset, timeMillis, exceptionClass, "bad input");
        }
    }

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("value", DataTypes.StringType, true),
            DataTypes.createStructField("kafka_topic", DataTypes.StringType, false),
            DataTypes.createStructField("kafka_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("kafka_offset", DataTypes.LongType, false),
            DataTypes.createStructField("kafka_timestamp", DataTypes.TimestampType, true),
            DataTypes.createStructField("ingest_time", DataTypes.TimestampType, false),
            DataTypes.createStructField("ingest_date", DataTypes.StringType, false),
            DataTypes.createStructField("original_topic", DataTypes.StringType, true),
            DataTypes.createStructField("original_partition", DataTypes.StringType, true),
            DataTypes.createStructField("original_offset", DataTypes.StringType, true),
            DataTypes.createStructField("connector", DataTypes.StringType, true),
            DataTypes.createStructField("stage", DataTypes.StringType, true),
            DataTypes.createStructField("exception_class", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true)));

    private final SparkSession spark;
    private final String path;
    private final Map<String, String> addedColumns = new LinkedHashMap<>();
    private long nextOffset;

    public DeadLetterTable(SparkSession spark, String path) {
        this.spark = spark;
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The table's schema evolving: every later append carries the string column {@code name} set to {@code value}. */
    public void addColumn(String name, String value) {
        addedColumns.put(name, value);
    }

    public void append(List<Letter> letters) {
        List<Row> rows = new ArrayList<>(letters.size());
        Instant now = Instant.now();
        for (Letter l : letters) {
            boolean headers = l.originTopic() != null;
            List<Object> values = new ArrayList<>(Arrays.asList(
                    "{broken",
                    TOPIC,
                    0,
                    nextOffset++,
                    new Timestamp(l.timeMillis()),
                    Timestamp.from(now),
                    now.atZone(ZoneOffset.UTC).toLocalDate().toString(),
                    l.originTopic(),
                    headers ? String.valueOf(l.originPartition()) : null,
                    headers ? String.valueOf(l.originOffset()) : null,
                    headers ? "silver-hudi-sink" : null,
                    headers ? "TRANSFORMATION" : null,
                    l.exceptionClass(),
                    headers ? l.reason() : null));
            values.addAll(addedColumns.values());
            rows.add(RowFactory.create(values.toArray()));
        }
        StructType schema = SCHEMA;
        for (String column : addedColumns.keySet()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        spark.createDataFrame(rows, schema)
                .write()
                .format("hudi")
                .option("hoodie.table.name", LakeTable.DEAD_LETTERS.tableName())
                .option("hoodie.datasource.write.table.type", "COPY_ON_WRITE")
                .option("hoodie.datasource.write.operation", "insert")
                .option("hoodie.datasource.write.recordkey.field", "kafka_topic,kafka_partition,kafka_offset")
                .option("hoodie.datasource.write.keygenerator.class", "org.apache.hudi.keygen.ComplexKeyGenerator")
                .option("hoodie.datasource.write.partitionpath.field", "ingest_date")
                .option("hoodie.datasource.write.precombine.field", "kafka_offset")
                .option("hoodie.embed.timeline.server", "false")
                .mode(SaveMode.Append)
                .save(path);
    }
}
