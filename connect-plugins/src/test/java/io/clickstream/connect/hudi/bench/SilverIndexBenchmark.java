package io.clickstream.connect.hudi.bench;

import io.clickstream.contract.EventFields.EventType;
import io.clickstream.contract.SilverFields;
import io.clickstream.simulator.event.ClickEvent;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.ModelSettings;
import io.clickstream.simulator.model.TrafficModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.client.HoodieJavaWriteClient;
import org.apache.hudi.client.WriteStatus;
import org.apache.hudi.client.common.HoodieJavaEngineContext;
import org.apache.hudi.common.config.RecordMergeMode;
import org.apache.hudi.common.model.DefaultHoodieRecordPayload;
import org.apache.hudi.common.model.HoodieAvroRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.model.HoodieRecordPayload;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.util.Option;
import org.apache.hudi.config.HoodieWriteConfig;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;

/**
 * Which Hudi index suits the Silver table: a bare {@link HoodieJavaWriteClient} upserts Silver rows (every
 * {@link SilverFields} column, keyed by {@code event_id}, partitioned by {@code event_date}, ordered by
 * {@code kafka_offset}) of the simulator's traffic with 5 % duplicate deliveries, {@code --batch} rows per commit, with
 * one index preset; every commit after the first also delivers the first 2,000 rows of the previous one again (a replay
 * after a crash), which the index must find in the table. Event ids are random UUIDs, so the bloom index's key ranges prune nothing; the presets are the
 * indexes a Java writer can use plus the ones it cannot (bucket, record-level), which fail at the first upsert.
 *
 * <p>Rows are built from the simulator's events in the same shape the parse transform gives them (enrichment columns
 * null: their cost is the same under every index). The table's settings are the sink's ({@link BareWriterBenchmark}).
 * Correctness is checked from the write statuses: the inserts must equal the distinct event ids and the updates the
 * distinct replayed keys, so the index found every key already in the table.
 *
 * <pre>
 * java -Xmx1g -XX:+UseSerialGC -cp CONNECT_PLUGINS_TEST_CLASSPATH io.clickstream.connect.hudi.bench.SilverIndexBenchmark \
 *   --index bloom --table-root file:///tmp/silver-index --records 400000 --batch 50000 [--replay 2000] \
 *   [--result result.properties]
 * </pre>
 */
public final class SilverIndexBenchmark {
    static final Schema SILVER_SCHEMA = silverSchema();
    private static final Conversions.DecimalConversion MONEY = new Conversions.DecimalConversion();
    private static final int PARTITIONS = 4;
    private static final String TOPIC = "clickstream_events";
    /** Rows of the previous commit each commit delivers again, as after a crash, unless {@code --replay} says. */
    private static final int REPLAYED = 2_000;

    /** Index presets: hoodie.* settings added to the sink's table settings. */
    static final Map<String, Map<String, String>> PRESETS = presets();

    private SilverIndexBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String index = a.getOrDefault("index", "bloom");
        if (!PRESETS.containsKey(index)) {
            throw new IllegalArgumentException("--index takes one of " + PRESETS.keySet() + ", not " + index);
        }
        int records = Integer.parseInt(a.getOrDefault("records", "400000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "50000"));
        String table = a.getOrDefault("table-root", "file:///tmp/silver-index").replaceAll("/+$", "") + "/" + index;
        int replay = Integer.parseInt(a.getOrDefault("replay", String.valueOf(REPLAYED)));
        List<GenericRecord> rows = rows(records);
        Map<String, String> result = run(index, table, rows, batch, replay);
        StringBuilder text = new StringBuilder();
        result.forEach((k, v) -> {
            System.out.println(k + "=" + v);
            text.append(index).append('.').append(k).append('=').append(v).append('\n');
        });
        if (a.containsKey("result")) {
            Files.writeString(Path.of(a.get("result")), text, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> run(
            String index, String table, List<GenericRecord> rows, int batch, int replayedRows) {
        long started = System.nanoTime();
        StorageConfiguration<Configuration> storage = new HadoopStorageConfiguration(new Configuration());
        createTable(storage, table, "COPY_ON_WRITE", "silver_index_bench", SILVER_SCHEMA);
        Map<String, String> props = keyProperties(BareWriterBenchmark.writeProperties("COPY_ON_WRITE"));
        props.putAll(PRESETS.get(index));
        HoodieWriteConfig config = HoodieWriteConfig.newBuilder()
                .withPath(table)
                .forTable("silver_index_bench")
                .withSchema(SILVER_SCHEMA.toString())
                .withEmbeddedTimelineServerEnabled(false)
                .withProps(props)
                .build();
        List<Long> commitMillis = new ArrayList<>();
        long inserts = 0;
        long updates = 0;
        long replayed = 0;
        long delivered = 0;
        long expectedUpdates = 0;
        Set<String> ids = new HashSet<>();
        try (HoodieJavaWriteClient<HoodieRecordPayload<?>> client =
                new HoodieJavaWriteClient<>(new HoodieJavaEngineContext(storage.newInstance()), config)) {
            for (int from = 0; from < rows.size(); from += batch) {
                long commitStarted = System.nanoTime();
                List<GenericRecord> commitRows =
                        new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + batch)));
                if (from > 0 && replayedRows > 0) {
                    // A redelivery after a crash: the start of the previous commit again, which the index must find.
                    List<GenericRecord> replay =
                            rows.subList(from - batch, from - batch + Math.min(replayedRows, batch));
                    commitRows.addAll(replay);
                    // The table holds each key once: a duplicate delivery inside the replayed rows is one update.
                    replayed += replay.stream()
                            .map(r -> r.get(SilverFields.EVENT_ID).toString())
                            .distinct()
                            .count();
                }
                delivered += commitRows.size();
                // Keys already in the table are updates: the replayed rows and duplicate deliveries across commits.
                Set<String> commitKeys = new HashSet<>();
                for (GenericRecord row : commitRows) {
                    commitKeys.add(row.get(SilverFields.EVENT_ID).toString());
                }
                for (String key : commitKeys) {
                    if (!ids.add(key)) {
                        expectedUpdates++;
                    }
                }
                long[] written = upsert(client, commitRows);
                inserts += written[0];
                updates += written[1];
                long ms = (System.nanoTime() - commitStarted) / 1_000_000;
                commitMillis.add(ms);
                System.out.printf(
                        Locale.ROOT,
                        "%s commit %d: %d rows in %d ms%n",
                        index,
                        commitMillis.size(),
                        commitRows.size(),
                        ms);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (inserts != ids.size() || updates != expectedUpdates) {
            throw new IllegalStateException(index + ": " + inserts + " rows inserted for " + ids.size()
                    + " distinct event ids and " + updates + " updated for " + expectedUpdates
                    + " keys delivered again: the index missed duplicates");
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("records", String.valueOf(delivered));
        result.put("replayedKeys", String.valueOf(replayed));
        result.put("distinctIds", String.valueOf(ids.size()));
        result.put("updates", String.valueOf(updates));
        result.put("expectedUpdates", String.valueOf(expectedUpdates));
        result.put("batch", String.valueOf(batch));
        result.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
        result.put("recordsPerSecond", String.format(Locale.ROOT, "%.0f", delivered / seconds));
        result.put("commitMillis", commitMillis.toString().replace(" ", ""));
        return result;
    }

    /**
     * One commit upserting the rows, keyed by event id in their event date's partition, ordered by Kafka offset (as the
     * sink's structured upsert keys and orders them); returns the rows inserted and updated.
     */
    static long[] upsert(HoodieJavaWriteClient<HoodieRecordPayload<?>> client, List<GenericRecord> rows) {
        List<HoodieRecord<HoodieRecordPayload<?>>> records = new ArrayList<>(rows.size());
        for (GenericRecord row : rows) {
            HoodieKey key = new HoodieKey(
                    row.get(SilverFields.EVENT_ID).toString(),
                    row.get(SilverFields.EVENT_DATE).toString());
            records.add(new HoodieAvroRecord<>(
                    key, new DefaultHoodieRecordPayload(row, (Long) row.get(SilverFields.KAFKA_OFFSET))));
        }
        long inserts = 0;
        long updates = 0;
        String instant = client.startCommit();
        List<WriteStatus> statuses = client.upsert(records, instant);
        for (WriteStatus status : statuses) {
            if (status.hasErrors()) {
                throw new IllegalStateException(
                        "instant " + instant + ": " + status.getTotalErrorRecords() + " rows failed",
                        status.getGlobalError());
            }
            inserts += status.getStat().getNumInserts();
            updates += status.getStat().getNumUpdateWrites();
        }
        if (!client.commit(instant, statuses, Option.empty())) {
            throw new IllegalStateException("Hudi refused to commit instant " + instant);
        }
        return new long[] {inserts, updates};
    }

    /** The simulator's default traffic with 5 % duplicate deliveries, as Silver rows with Kafka lineage. */
    public static List<GenericRecord> rows(int count) {
        ModelSettings settings = new ModelSettings(
                42,
                ModelSettings.streamSeed(42, 0, 1),
                1000,
                0,
                100_000,
                8.0,
                1_800_000,
                20_000,
                0.35,
                0.03,
                0.02,
                0.02,
                120_000,
                0.05,
                0,
                0.01,
                0.1,
                5000);
        TrafficModel model = new TrafficModel(settings, EventClock.simulated(Instant.parse("2026-01-01T00:00:00Z")));
        long[] offsets = new long[PARTITIONS];
        List<GenericRecord> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ClickEvent e = model.next();
            int partition = Math.floorMod(e.sessionId().hashCode(), PARTITIONS);
            rows.add(row(e, partition, offsets[partition]++));
        }
        return rows;
    }

    private static GenericRecord row(ClickEvent e, int partition, long offset) {
        GenericRecord r = new GenericData.Record(SILVER_SCHEMA);
        r.put(SilverFields.EVENT_ID, e.eventId());
        r.put(SilverFields.EVENT_TYPE, e.type().wireName());
        r.put(SilverFields.EVENT_TIME, e.timestampMillis());
        r.put(
                SilverFields.EVENT_DATE,
                LocalDate.ofInstant(Instant.ofEpochMilli(e.timestampMillis()), ZoneOffset.UTC)
                        .toString());
        r.put(SilverFields.USER_ID, e.userId());
        r.put(SilverFields.SESSION_ID, e.sessionId());
        r.put(SilverFields.PAGE_URL, e.pageUrl());
        r.put(
                SilverFields.PAGE_PATH,
                e.pageUrl().replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*", ""));
        r.put(SilverFields.REFERRER, e.referrer().isEmpty() ? null : e.referrer());
        r.put(SilverFields.IP_ADDRESS, e.ipAddress());
        r.put(SilverFields.USER_AGENT, e.userAgent());
        r.put(SilverFields.DEVICE, e.device().wireName());
        r.put(SilverFields.PRODUCT_ID, e.productId());
        r.put(SilverFields.CATEGORY, e.category());
        r.put(SilverFields.PRICE, e.priceCents() < 0 ? null : cents(e.priceCents(), SilverFields.PRICE));
        r.put(
                SilverFields.QUANTITY,
                e.type() == EventType.ADD_TO_CART
                                || e.type() == EventType.REMOVE_FROM_CART
                                || e.type() == EventType.CHECKOUT
                                || e.type() == EventType.PURCHASE
                        ? e.quantity()
                        : null);
        r.put(SilverFields.SEARCH_QUERY, e.searchQuery());
        r.put(SilverFields.REVENUE, e.revenueCents() < 0 ? null : cents(e.revenueCents(), SilverFields.REVENUE));
        r.put(SilverFields.CURRENCY, e.currency());
        r.put(SilverFields.ORDER_ID, e.orderId());
        r.put(SilverFields.LATE, e.late() ? Boolean.TRUE : null);
        r.put(SilverFields.KAFKA_TOPIC, TOPIC);
        r.put(SilverFields.KAFKA_PARTITION, partition);
        r.put(SilverFields.KAFKA_OFFSET, offset);
        r.put(SilverFields.KAFKA_TIMESTAMP, e.timestampMillis());
        return r;
    }

    private static GenericFixed cents(long cents, String field) {
        Schema type = SILVER_SCHEMA.getField(field).schema().getTypes().get(1);
        return MONEY.toFixed(BigDecimal.valueOf(cents, SilverFields.MONEY_SCALE), type, type.getLogicalType());
    }

    static void createTable(
            StorageConfiguration<Configuration> storage,
            String table,
            String tableType,
            String tableName,
            Schema schema) {
        try {
            HoodieTableMetaClient.newTableBuilder()
                    .setTableType(tableType)
                    .setTableName(tableName)
                    .setTableCreateSchema(schema.toString())
                    .setRecordKeyFields(SilverFields.EVENT_ID)
                    .setPartitionFields(SilverFields.EVENT_DATE)
                    .setKeyGeneratorClassProp("org.apache.hudi.keygen.SimpleAvroKeyGenerator")
                    .setRecordMergeMode(RecordMergeMode.EVENT_TIME_ORDERING)
                    .setOrderingFields(SilverFields.KAFKA_OFFSET)
                    .initTable(storage.newInstance(), table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + table, e);
        }
    }

    /** The sink's settings for a structured upsert table: {@code p} (TableServiceDefaults) with the Silver keys. */
    static Map<String, String> keyProperties(Map<String, String> p) {
        p.put("hoodie.datasource.write.recordkey.field", SilverFields.EVENT_ID);
        p.put("hoodie.datasource.write.partitionpath.field", SilverFields.EVENT_DATE);
        p.put("hoodie.datasource.write.keygenerator.class", "org.apache.hudi.keygen.SimpleAvroKeyGenerator");
        p.put("hoodie.table.ordering.fields", SilverFields.KAFKA_OFFSET);
        p.put("hoodie.datasource.write.precombine.field", SilverFields.KAFKA_OFFSET);
        p.put("hoodie.write.record.merge.mode", "EVENT_TIME_ORDERING");
        return p;
    }

    private static Map<String, Map<String, String>> presets() {
        Map<String, Map<String, String>> p = new LinkedHashMap<>();
        p.put("bloom", Map.of("hoodie.index.type", "BLOOM"));
        p.put(
                "bloom-no-range-pruning",
                Map.of("hoodie.index.type", "BLOOM", "hoodie.bloom.index.prune.by.ranges", "false"));
        // The sink's table settings against Hudi 1.2's default merge handle, and two settings tried on top of them.
        p.put(
                "bloom-hudi-default-merge-handle",
                Map.of(
                        "hoodie.index.type",
                        "BLOOM",
                        "hoodie.write.merge.handle.class",
                        "org.apache.hudi.io.FileGroupReaderBasedMergeHandle"));
        p.put(
                "bloom-no-spill",
                Map.of("hoodie.index.type", "BLOOM", "hoodie.memory.merge.max.size", String.valueOf(1L << 40)));
        p.put("bloom-snappy", Map.of("hoodie.index.type", "BLOOM", "hoodie.parquet.compression.codec", "snappy"));
        // No small-file top-ups: each commit writes its rows into new files, so the files of a day partition grow with
        // the commits; the lookup reads every file's key range and bloom filter, from the footers or the metadata
        // table.
        p.put("bloom-no-topup", Map.of("hoodie.index.type", "BLOOM", "hoodie.parquet.small.file.limit", "0"));
        p.put(
                "bloom-no-topup-metadata",
                Map.of(
                        "hoodie.index.type",
                        "BLOOM",
                        "hoodie.parquet.small.file.limit",
                        "0",
                        "hoodie.bloom.index.use.metadata",
                        "true",
                        "hoodie.metadata.index.bloom.filter.enable",
                        "true",
                        "hoodie.metadata.index.column.stats.enable",
                        "true",
                        "hoodie.metadata.index.column.stats.column.list",
                        "_hoodie_record_key"));
        p.put("simple", Map.of("hoodie.index.type", "SIMPLE"));
        p.put("global-simple", Map.of("hoodie.index.type", "GLOBAL_SIMPLE"));
        p.put(
                "bucket",
                Map.of(
                        "hoodie.index.type",
                        "BUCKET",
                        "hoodie.index.bucket.engine",
                        "SIMPLE",
                        "hoodie.bucket.index.num.buckets",
                        "4",
                        "hoodie.bucket.index.hash.field",
                        SilverFields.EVENT_ID));
        p.put(
                "record-index",
                Map.of("hoodie.index.type", "RECORD_INDEX", "hoodie.metadata.record.index.enable", "true"));
        return p;
    }

    private static Schema silverSchema() {
        Schema millis = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

        Set<String> required = Set.of(
                SilverFields.EVENT_ID,
                SilverFields.EVENT_TYPE,
                SilverFields.EVENT_TIME,
                SilverFields.EVENT_DATE,
                SilverFields.USER_ID,
                SilverFields.SESSION_ID,
                SilverFields.KAFKA_TOPIC,
                SilverFields.KAFKA_PARTITION,
                SilverFields.KAFKA_OFFSET);
        Map<String, Schema> types = new HashMap<>();
        types.put(SilverFields.EVENT_TIME, millis);
        types.put(SilverFields.KAFKA_TIMESTAMP, millis);
        for (String f : List.of(SilverFields.PRICE, SilverFields.REVENUE)) {
            // As the sink writes Connect decimals: a fixed of 8 bytes (precision 18).
            types.put(
                    f,
                    LogicalTypes.decimal(SilverFields.MONEY_PRECISION, SilverFields.MONEY_SCALE)
                            .addToSchema(Schema.createFixed(f + "_decimal", null, null, 8)));
        }
        for (String f : List.of(SilverFields.QUANTITY, SilverFields.ACCURACY_RADIUS_KM, SilverFields.KAFKA_PARTITION)) {
            types.put(f, Schema.create(Schema.Type.INT));
        }
        for (String f : List.of(SilverFields.ASN, SilverFields.KAFKA_OFFSET)) {
            types.put(f, Schema.create(Schema.Type.LONG));
        }
        for (String f : List.of(SilverFields.LATITUDE, SilverFields.LONGITUDE)) {
            types.put(f, Schema.create(Schema.Type.DOUBLE));
        }
        for (String f : List.of(SilverFields.LATE, SilverFields.IS_BOT)) {
            types.put(f, Schema.create(Schema.Type.BOOLEAN));
        }
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("silver_enriched_event")
                .namespace("io.clickstream.silver")
                .fields();
        for (String name : SilverFields.ALL) {
            Schema type = types.getOrDefault(name, Schema.create(Schema.Type.STRING));
            if (required.contains(name)) {
                fields = fields.name(name).type(type).noDefault();
            } else {
                fields = fields.name(name)
                        .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                        .withDefault(null);
            }
        }
        return fields.endRecord();
    }
}
