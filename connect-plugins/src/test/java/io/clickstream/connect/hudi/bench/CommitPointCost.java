package io.clickstream.connect.hudi.bench;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import io.clickstream.connect.hudi.table.RowKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the commit-point fence costs: commits {@code --commits} Bronze batches of {@code --rows} rows through
 * {@link HudiTableWriter} (the sink's write client, OCC with the transaction lock, metadata table, cleaning,
 * archival) and reports, over the commits after the first {@code --warmup}, the fence check (timeline reload and
 * offsets comparison, under the lock) against the whole commit call.
 *
 * <pre>
 * java -Xmx512m -cp CONNECT_PLUGINS_TEST_CLASSPATH io.clickstream.connect.hudi.bench.CommitPointCost \
 *   [--commits 15] [--warmup 3] [--rows 10000] [--work-dir target/commit-point-cost]
 * </pre>
 */
public final class CommitPointCost {

    private CommitPointCost() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        int commits = Integer.parseInt(a.getOrDefault("commits", "15"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "3"));
        int rowsPerCommit = Integer.parseInt(a.getOrDefault("rows", "10000"));
        Path work =
                Path.of(a.getOrDefault("work-dir", "target/commit-point-cost")).toAbsolutePath();
        Path table = Files.createTempDirectory(Files.createDirectories(work), "table");

        Map<String, String> props = TestConfigs.bronze(table);
        HudiSinkConfig config = new HudiSinkConfig(props);
        BronzeRecordBuilder converter = new BronzeRecordBuilder();
        RowKeys keys = new RowKeys(config);

        double[] fenceMs = new double[commits - warmup];
        double[] commitMs = new double[commits - warmup];
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            String plannedFrom = null;
            long offset = 0;
            for (int c = 0; c < commits; c++) {
                List<KeyedRow> rows = new ArrayList<>(rowsPerCommit);
                for (int i = 0; i < rowsPerCommit; i++, offset++) {
                    String value = "{\"event_id\":\"e" + offset + "\",\"page\":\"/p/" + (offset % 500)
                            + "\",\"user\":\"u" + (offset % 7919) + "\"}";
                    SinkRecord record = new SinkRecord(
                            "events",
                            0,
                            Schema.STRING_SCHEMA,
                            null,
                            Schema.STRING_SCHEMA,
                            value,
                            offset,
                            1_700_000_000_000L + offset,
                            TimestampType.CREATE_TIME);
                    GenericRecord row = converter.convert(record);
                    var key = keys.keyOf(row, "events", 0, offset);
                    rows.add(new KeyedRow(key.getRecordKey(), key.getPartitionPath(), row));
                }
                Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", offset)));
                long started = System.nanoTime();
                plannedFrom = writer.commit(rows, metadata, plannedFrom);
                double total = (System.nanoTime() - started) / 1e6;
                double fence = writer.lastFenceCheckNanos() / 1e6;
                System.out.printf(Locale.ROOT, "commit %2d: %7.0f ms, fence check %6.1f ms%n", c + 1, total, fence);
                if (c >= warmup) {
                    commitMs[c - warmup] = total;
                    fenceMs[c - warmup] = fence;
                }
            }
        }
        double medianCommit = median(commitMs);
        double medianFence = median(fenceMs);
        System.out.printf(
                Locale.ROOT,
                "%d commits of %d rows after %d warm-up: median commit %.0f ms, median fence "
                        + "check %.1f ms (max %.1f ms) = %.2f %% of a commit%n",
                commits - warmup,
                rowsPerCommit,
                warmup,
                medianCommit,
                medianFence,
                Arrays.stream(fenceMs).max().orElse(0),
                100 * medianFence / medianCommit);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
