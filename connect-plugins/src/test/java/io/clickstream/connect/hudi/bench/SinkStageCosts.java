package io.clickstream.connect.hudi.bench;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.RowKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where the sink spends time outside the Hudi write itself, measured one stage at a time in one JVM on the values
 * the benchmark dumped: conversion to Bronze rows with keys, staging chunks (Avro files), reading them back in the
 * coordinator, and the coordinator's per-commit reads of the table (committed offsets, schema). Each stage runs
 * {@code --rounds} times over all records; the last round is reported (the first ones warm the JIT).
 *
 * <pre>
 * java -Xmx1g -XX:+UseSerialGC -cp CONNECT_PLUGINS_TEST_CLASSPATH io.clickstream.connect.hudi.bench.SinkStageCosts \
 *   --values values.tsv --topic bench_clickstream --records 200000 --chunk 6250 --work-dir /tmp/stage \
 *   [--table file:///.../sink-COW] [--rounds 3]
 * </pre>
 */
public final class SinkStageCosts {

    private SinkStageCosts() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        int records = Integer.parseInt(a.getOrDefault("records", "200000"));
        int chunk = Integer.parseInt(a.getOrDefault("chunk", "6250"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        String topic = a.getOrDefault("topic", "bench_clickstream");
        Path work = Path.of(a.getOrDefault("work-dir", "target/stage-costs"));
        Files.createDirectories(work);
        DumpedValues values = DumpedValues.read(Path.of(a.get("values")), topic, records);

        Map<String, String> props = new HashMap<>();
        props.put("name", "stage-costs");
        props.put("topics", topic);
        props.put(
                HudiSinkConfig.TABLE_PATH,
                a.getOrDefault("table", work.resolve("table").toUri().toString()));
        props.put(HudiSinkConfig.TABLE_NAME, "stage_costs");
        props.put(HudiSinkConfig.BOOTSTRAP_SERVERS, "localhost:1");
        props.put(HudiSinkConfig.RECORD_MODE, "bronze");
        HudiSinkConfig config = new HudiSinkConfig(props);
        BronzeRecordBuilder converter = new BronzeRecordBuilder();
        RowKeys keys = new RowKeys(config);
        HudiTableWriter writer = new HudiTableWriter(config);
        ChunkStore store = new ChunkStore(work.resolve("staging").toUri().toString(), writer.hadoopConf());

        System.out.printf(
                Locale.ROOT, "%d records, chunks of %d rows, %d rounds (last reported)%n", records, chunk, rounds);
        List<KeyedRow> rows = null;
        double convertMs = 0;
        double stageMs = 0;
        double readMs = 0;
        long stagedBytes = 0;
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            rows = new ArrayList<>(records);
            for (DumpedValues.Entry e : values.entries()) {
                SinkRecord record = new SinkRecord(
                        topic,
                        e.partition(),
                        Schema.STRING_SCHEMA,
                        null,
                        Schema.STRING_SCHEMA,
                        e.value(),
                        e.offset(),
                        e.timestamp(),
                        TimestampType.CREATE_TIME);
                GenericRecord row = converter.convert(record);
                var key = keys.keyOf(row, topic, e.partition(), e.offset());
                rows.add(new KeyedRow(key.getRecordKey(), key.getPartitionPath(), row));
            }
            convertMs = (System.nanoTime() - t0) / 1e6;

            long t1 = System.nanoTime();
            List<String> paths = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += chunk) {
                List<KeyedRow> part = rows.subList(from, Math.min(rows.size(), from + chunk));
                paths.add(store.write(
                        "stagecosts", topic, 0, from, from + part.size(), BronzeRecordBuilder.SCHEMA, part));
            }
            stageMs = (System.nanoTime() - t1) / 1e6;
            stagedBytes = 0;
            for (String p : paths) {
                stagedBytes += Files.size(Path.of(java.net.URI.create(p)));
            }

            long t2 = System.nanoTime();
            int read = 0;
            for (String p : paths) {
                read += store.read(p).size();
            }
            readMs = (System.nanoTime() - t2) / 1e6;
            if (read != records) {
                throw new IllegalStateException("read " + read + " staged rows of " + records);
            }
            paths.forEach(store::delete);
        }
        System.out.printf(
                Locale.ROOT,
                "convert (BronzeRecordBuilder + RowKeys): %.0f ms = %.2f µs/record%n",
                convertMs,
                convertMs * 1000 / records);
        System.out.printf(
                Locale.ROOT,
                "stage (ChunkStore.write, deflate-1 Avro): %.0f ms = %.2f µs/record, %d MiB%n",
                stageMs,
                stageMs * 1000 / records,
                stagedBytes >> 20);
        System.out.printf(
                Locale.ROOT,
                "read staged (ChunkStore.read): %.0f ms = %.2f µs/record%n",
                readMs,
                readMs * 1000 / records);
        if (writer.tableExists()) {
            for (int i = 0; i < rounds; i++) {
                long t3 = System.nanoTime();
                writer.committedState();
                double stateMs = (System.nanoTime() - t3) / 1e6;
                long t4 = System.nanoTime();
                writer.tableSchema();
                double schemaMs = (System.nanoTime() - t4) / 1e6;
                if (i == rounds - 1) {
                    System.out.printf(
                            Locale.ROOT,
                            "per commit on %s: committedState %.0f ms, tableSchema %.0f ms%n",
                            config.tablePath(),
                            stateMs,
                            schemaMs);
                }
            }
        }
        writer.close();
    }
}
