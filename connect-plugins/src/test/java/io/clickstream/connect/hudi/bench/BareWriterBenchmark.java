package io.clickstream.connect.hudi.bench;

import io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider;
import io.clickstream.connect.hudi.table.TableServiceDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.client.HoodieJavaWriteClient;
import org.apache.hudi.client.WriteStatus;
import org.apache.hudi.client.common.HoodieJavaEngineContext;
import org.apache.hudi.common.config.RecordMergeMode;
import org.apache.hudi.common.model.HoodieAvroRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.model.HoodieRecordPayload;
import org.apache.hudi.common.model.OverwriteWithLatestAvroPayload;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.util.Option;
import org.apache.hudi.config.HoodieWriteConfig;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;

/**
 * The limit for the Hudi sink: a plain {@link HoodieJavaWriteClient} writing the same Bronze rows with the same table
 * settings as the sink, {@code --batch} rows per commit, with nothing in between (no Kafka, no staging, no commit
 * protocol). Nothing of the sink's code is on this write path: the schema, the keys and the write settings are
 * spelled out here, copied from {@code BronzeRecordBuilder}, {@code RowKeys} and {@code TableServiceDefaults}, so a
 * change there shows up as a difference here rather than silently moving both figures.
 *
 * <p>The clock runs from before the table is created until the last commit returned; the rows are built from the
 * dumped values inside the clock (the sink's conversion is inside its figure too).
 *
 * <p>With {@code --connector FILE} (a Silver sink's connector JSON, e.g. connectors/silver-hudi-sink.json) it upserts
 * Silver rows instead: the dumped values go through that connector's transform chain and the sink's Avro conversion
 * up front, outside the clock ({@link SilverRows}; invalid records left out), and each commit upserts {@code --batch}
 * rows keyed by event id with the connector's {@code hoodie.*} settings (its index) on the Silver table settings of
 * {@link SilverIndexBenchmark}. The upserts must insert exactly the distinct event ids. {@code --commit-rows-<TYPE>
 * n1,n2,...} makes the commits of that table type hold those row counts instead (e.g. the sink's own commits), then
 * {@code --batch} for what is left.
 *
 * <pre>
 * java -Xmx1g -XX:+UseSerialGC -cp CONNECT_PLUGINS_TEST_CLASSPATH io.clickstream.connect.hudi.bench.BareWriterBenchmark \
 *   --values values.tsv --topic clickstream_events --table-root file:///tmp/bare \
 *   --table-types COPY_ON_WRITE,MERGE_ON_READ --records 200000 --batch 25000 [--result result.properties]
 * </pre>
 * Writes {@code <root>/bare-COW} and {@code <root>/bare-MOR}, one after the other in this JVM. {@code --hadoop
 * key=value} (repeatable) sets a Hadoop setting, e.g. {@code fs.s3a.endpoint} for a root on {@code s3a://}. Prints a
 * line per commit and a summary per table; {@code --result} also writes the summaries as properties ({@code
 * COPY_ON_WRITE.recordsPerSecond=...}) for the harness.
 */
public final class BareWriterBenchmark {

    // The Bronze row (same as the sink's bronze mode).
    static final Schema BRONZE_SCHEMA = bronzeSchema();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Options options;
    private final List<Long> commitMillis = new ArrayList<>();

    private BareWriterBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        DumpedValues values = DumpedValues.read(options.values, options.topic, options.records);
        StringBuilder text = new StringBuilder();
        SilverRows silver = null;
        if (options.connector != null) {
            silver = SilverRows.of(values, SilverRows.connectorConfig(options.connector));
            text.append("silver.rows=")
                    .append(silver.rows().size())
                    .append('\n')
                    .append("silver.invalid=")
                    .append(silver.invalid())
                    .append('\n')
                    .append("silver.distinctIds=")
                    .append(silver.distinctIds())
                    .append('\n')
                    .append(String.format(
                            Locale.ROOT, "silver.transformCpuSeconds=%.2f%n", silver.transformCpuNanos() / 1e9));
            System.out.print(text);
        }
        // Table types one after the other in this JVM, as the sink's runs follow each other in one worker JVM: both
        // sides pay class loading and JIT warm-up once, in the first mode.
        for (String tableType : options.tableTypes) {
            System.gc(); // as the harness asks the worker before each sink run
            HeapPeak.reset();
            String table = options.tableRoot.replaceAll("/+$", "") + "/bare-" + shortName(tableType);
            System.out.printf(
                    Locale.ROOT,
                    "Bare HoodieJavaWriteClient: %s, %d records in commits of %d, table %s%n",
                    tableType,
                    options.records,
                    options.batch,
                    table);
            Map<String, String> result = silver == null
                    ? new BareWriterBenchmark(options).run(values, tableType, table)
                    : new BareWriterBenchmark(options).runSilver(silver, tableType, table);
            result.forEach((k, v) -> {
                System.out.println(k + "=" + v);
                text.append(tableType)
                        .append('.')
                        .append(k)
                        .append('=')
                        .append(v)
                        .append('\n');
            });
            System.out.println(MODE_DONE + tableType);
            System.out.flush();
        }
        if (options.result != null) {
            Files.writeString(options.result, text, StandardCharsets.UTF_8);
        }
    }

    /**
     * With {@code -Dclickstream.bench.occ=true} the client runs as the sink's does (optimistic concurrency, lazy
     * failed-write cleaning, the transaction lock on the table's file system): what Hudi's own concurrency control costs.
     */
    static final String OCC_PROPERTY = "clickstream.bench.occ";

    /** Printed after each table type: the harness's heap sampler starts a new peak there. */
    public static final String MODE_DONE = "mode-done ";

    static String shortName(String tableType) {
        return tableType.startsWith("COPY") ? "COW" : "MOR";
    }

    /** Upserts the Silver rows, {@code --batch} per commit, timed from before the table is created. */
    private Map<String, String> runSilver(SilverRows silver, String tableType, String table) {
        long started = System.nanoTime();
        StorageConfiguration<Configuration> storage = storage();
        String tableName = "bare_silver_" + shortName(tableType).toLowerCase(Locale.ROOT);
        SilverIndexBenchmark.createTable(storage, table, tableType, tableName, silver.schema());
        Map<String, String> props = SilverIndexBenchmark.keyProperties(properties(tableType, table));
        SilverRows.connectorConfig(options.connector).forEach((k, v) -> {
            if (k.startsWith("hoodie.")) {
                props.put(k, v); // the connector's own Hudi settings (its index), as the sink applies them
            }
        });
        long inserts = 0;
        try (HoodieJavaWriteClient<HoodieRecordPayload<?>> client =
                client(storage, table, tableName, silver.schema(), props)) {
            List<GenericRecord> rows = silver.rows();
            List<Integer> sizes = options.commitRows.getOrDefault(tableType, List.of());
            for (int from = 0, commit = 0;
                    from < rows.size();
                    from += commit < sizes.size() ? sizes.get(commit++) : options.batch) {
                int size = commit < sizes.size() ? sizes.get(commit) : options.batch;
                List<GenericRecord> batch = rows.subList(from, Math.min(rows.size(), from + size));
                long commitStarted = System.nanoTime();
                inserts += SilverIndexBenchmark.upsert(client, batch)[0];
                logCommit(batch.size(), commitStarted);
            }
        }
        if (inserts != silver.distinctIds()) {
            throw new IllegalStateException(inserts + " rows inserted for " + silver.distinctIds()
                    + " distinct event ids: " + "the index missed or invented keys");
        }
        Map<String, String> result = result(table, started);
        result.put("inserts", String.valueOf(inserts));
        return result;
    }

    private Map<String, String> run(DumpedValues values, String tableType, String table) {
        long started = System.nanoTime();
        StorageConfiguration<Configuration> storage = storage();
        String tableName = "bare_" + shortName(tableType).toLowerCase(Locale.ROOT);
        createTable(storage, tableType, tableName, table);
        try (HoodieJavaWriteClient<HoodieRecordPayload<?>> client =
                client(storage, table, tableName, BRONZE_SCHEMA, properties(tableType, table))) {
            List<DumpedValues.Entry> entries = values.entries();
            for (int from = 0; from < entries.size(); from += options.batch) {
                List<DumpedValues.Entry> batch = entries.subList(from, Math.min(entries.size(), from + options.batch));
                long commitStarted = System.nanoTime();
                commit(client, values.topic(), batch);
                logCommit(batch.size(), commitStarted);
            }
        }
        return result(table, started);
    }

    private StorageConfiguration<Configuration> storage() {
        Configuration hadoop = new Configuration();
        options.hadoop.forEach(hadoop::set);
        return new HadoopStorageConfiguration(hadoop);
    }

    /** The sink's table settings, with its concurrency settings under {@code -Dclickstream.bench.occ=true}. */
    private static Map<String, String> properties(String tableType, String table) {
        return Boolean.getBoolean(OCC_PROPERTY) ? occProperties(tableType, table) : writeProperties(tableType);
    }

    private static HoodieJavaWriteClient<HoodieRecordPayload<?>> client(
            StorageConfiguration<Configuration> storage,
            String table,
            String tableName,
            Schema schema,
            Map<String, String> props) {
        HoodieWriteConfig config = HoodieWriteConfig.newBuilder()
                .withPath(table)
                .forTable(tableName)
                .withSchema(schema.toString())
                .withEmbeddedTimelineServerEnabled(false)
                .withProps(props)
                .build();
        return new HoodieJavaWriteClient<>(new HoodieJavaEngineContext(storage.newInstance()), config);
    }

    private void logCommit(int rows, long commitStarted) {
        long ms = (System.nanoTime() - commitStarted) / 1_000_000;
        commitMillis.add(ms);
        System.out.printf(Locale.ROOT, "commit %d: %d rows in %d ms%n", commitMillis.size(), rows, ms);
    }

    private Map<String, String> result(String table, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> result = new LinkedHashMap<>();
        result.put("table", table);
        result.put("records", String.valueOf(options.records));
        result.put("batch", String.valueOf(options.batch));
        result.put("commits", String.valueOf(commitMillis.size()));
        result.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
        result.put("recordsPerSecond", String.format(Locale.ROOT, "%.0f", options.records / seconds));
        result.put("commitMillis", commitMillis.toString().replace(" ", ""));
        result.put("heapPeakMib", String.valueOf(HeapPeak.heapPeakMib()));
        result.put("oldGenPeakMib", String.valueOf(HeapPeak.oldGenPeakMib()));
        result.put("maxHeapMib", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
        return result;
    }

    private void commit(
            HoodieJavaWriteClient<HoodieRecordPayload<?>> client, String topic, List<DumpedValues.Entry> batch) {
        long now = System.currentTimeMillis();
        String date = DATE.format(Instant.ofEpochMilli(now));
        List<HoodieRecord<HoodieRecordPayload<?>>> records = new ArrayList<>(batch.size());
        for (DumpedValues.Entry e : batch) {
            GenericRecord row = new GenericData.Record(BRONZE_SCHEMA);
            row.put("value", e.value());
            row.put("kafka_topic", topic);
            row.put("kafka_partition", e.partition());
            row.put("kafka_offset", e.offset());
            row.put("kafka_timestamp", e.timestamp() < 0 ? null : e.timestamp());
            row.put("ingest_time", now);
            row.put("ingest_date", date);
            HoodieKey key = new HoodieKey(topic + "/" + e.partition() + "/" + e.offset(), date);
            records.add(new HoodieAvroRecord<>(key, new OverwriteWithLatestAvroPayload(row, 0)));
        }
        String instant = client.startCommit();
        List<WriteStatus> statuses = client.insert(records, instant);
        for (WriteStatus status : statuses) {
            if (status.hasErrors()) {
                throw new IllegalStateException(
                        "instant " + instant + ": " + status.getTotalErrorRecords() + " rows failed",
                        status.getGlobalError());
            }
        }
        if (!client.commit(instant, statuses, Option.empty())) {
            throw new IllegalStateException("Hudi refused to commit instant " + instant);
        }
    }

    private static void createTable(
            StorageConfiguration<Configuration> storage, String tableType, String tableName, String table) {
        try {
            HoodieTableMetaClient.newTableBuilder()
                    .setTableType(tableType)
                    .setTableName(tableName)
                    .setTableCreateSchema(BRONZE_SCHEMA.toString())
                    .setRecordKeyFields("kafka_topic,kafka_partition,kafka_offset")
                    .setPartitionFields("ingest_date")
                    .setKeyGeneratorClassProp("org.apache.hudi.keygen.ComplexAvroKeyGenerator")
                    .setRecordMergeMode(RecordMergeMode.COMMIT_TIME_ORDERING)
                    .initTable(storage.newInstance(), table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + table, e);
        }
    }

    /** The sink's write settings for a Bronze table (TableServiceDefaults' table settings, no user overrides). */
    static Map<String, String> writeProperties(String tableType) {
        Map<String, String> p = new HashMap<>();
        p.put("hoodie.write.concurrency.mode", "SINGLE_WRITER");
        p.put("hoodie.embed.timeline.server", "false");
        p.put("hoodie.write.markers.type", "DIRECT");
        p.putAll(TableServiceDefaults.tableSettings("MERGE_ON_READ".equals(tableType)));
        p.put("hoodie.datasource.write.recordkey.field", "kafka_topic,kafka_partition,kafka_offset");
        p.put("hoodie.datasource.write.partitionpath.field", "ingest_date");
        p.put("hoodie.datasource.write.keygenerator.class", "org.apache.hudi.keygen.ComplexAvroKeyGenerator");
        p.put("hoodie.write.record.merge.mode", "COMMIT_TIME_ORDERING");
        return p;
    }

    /** The sink's concurrency settings on top: optimistic concurrency, lazy cleaning, the file transaction lock. */
    static Map<String, String> occProperties(String tableType, String table) {
        Map<String, String> p = writeProperties(tableType);
        p.put("hoodie.write.concurrency.mode", "OPTIMISTIC_CONCURRENCY_CONTROL");
        p.put("hoodie.cleaner.policy.failed.writes", "LAZY");
        p.put("hoodie.client.heartbeat.interval_in_ms", "10000");
        p.put("hoodie.client.heartbeat.tolerable.misses", "5");
        p.put("hoodie.write.lock.provider", HeartbeatFileLockProvider.class.getName());
        p.put("hoodie.write.lock.filesystem.path", table + "/.hoodie/.connect-lock/txn");
        p.put(
                "hoodie.write.lock.heartbeat_interval_ms",
                String.valueOf(HeartbeatFileLockProvider.DEFAULT_HEARTBEAT_MS));
        return p;
    }

    private static Schema bronzeSchema() {
        Schema timestampMillis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return SchemaBuilder.record("bronze_record")
                .namespace("io.clickstream.bronze")
                .fields()
                .optionalString("value")
                .requiredString("kafka_topic")
                .requiredInt("kafka_partition")
                .requiredLong("kafka_offset")
                .name("kafka_timestamp")
                .type()
                .unionOf()
                .nullType()
                .and()
                .type(timestampMillis)
                .endUnion()
                .nullDefault()
                .name("ingest_time")
                .type(timestampMillis)
                .noDefault()
                .requiredString("ingest_date")
                .endRecord();
    }

    private static Map<String, List<Integer>> parseCommitRows(Map<String, String> a, List<String> types) {
        Map<String, List<Integer>> rows = new HashMap<>();
        for (String type : types) {
            String sizes = a.get("commit-rows-" + type);
            if (sizes != null) {
                rows.put(
                        type,
                        java.util.Arrays.stream(sizes.split(","))
                                .map(Integer::valueOf)
                                .toList());
            }
        }
        return rows;
    }

    /** Command-line options; every one is required except {@code --result}, {@code --hadoop} and {@code --connector}. */
    record Options(
            Path values,
            String topic,
            String tableRoot,
            List<String> tableTypes,
            int records,
            int batch,
            Path result,
            Map<String, String> hadoop,
            Path connector,
            Map<String, List<Integer>> commitRows) {

        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            Map<String, String> hadoop = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
                }
                if (args[i].equals("--hadoop")) {
                    String[] kv = args[i + 1].split("=", 2);
                    hadoop.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else {
                    a.put(args[i].substring(2), args[i + 1]);
                }
            }
            for (String required : List.of("values", "topic", "table-root", "table-types", "records", "batch")) {
                if (!a.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required; usage: --values FILE --topic T "
                            + "--table-root URI --table-types COPY_ON_WRITE,MERGE_ON_READ --records N --batch B [--result FILE] "
                            + "[--hadoop key=value ...] [--connector SILVER_SINK_JSON]");
                }
            }
            List<String> types = List.of(a.get("table-types").split(","));
            for (String type : types) {
                if (!type.equals("COPY_ON_WRITE") && !type.equals("MERGE_ON_READ")) {
                    throw new IllegalArgumentException(
                            "--table-types takes COPY_ON_WRITE and/or MERGE_ON_READ, not " + type);
                }
            }
            int records = Integer.parseInt(a.get("records"));
            int batch = Integer.parseInt(a.get("batch"));
            if (records < 1 || batch < 1) {
                throw new IllegalArgumentException("--records and --batch must be positive");
            }
            return new Options(
                    Path.of(a.get("values")),
                    a.get("topic"),
                    a.get("table-root"),
                    types,
                    records,
                    batch,
                    a.containsKey("result") ? Path.of(a.get("result")) : null,
                    hadoop,
                    a.containsKey("connector") ? Path.of(a.get("connector")) : null,
                    parseCommitRows(a, types));
        }
    }
}
