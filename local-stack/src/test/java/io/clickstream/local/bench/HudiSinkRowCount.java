package io.clickstream.local.bench;

import io.clickstream.local.SparkTableReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Counts a table's rows and distinct (kafka_partition, kafka_offset) pairs (distinct event ids for a Silver table)
 * with Spark ({@link SparkTableReader}, an
 * independent reader). Run after the timed parts, never during them.
 */
final class HudiSinkRowCount {

    /** What Spark saw; -1 where it printed nothing. */
    record Counts(long rows, long distinct) {
        boolean exactly(long n) {
            return rows == n && distinct == n;
        }
    }

    private HudiSinkRowCount() {}

    /**
     * The counts of the table at {@code tableUri}, reached with the given Hadoop settings (e.g. S3A's), read by the
     * tools of {@code toolsModule} (the built hudi-table-tools directory).
     */
    static Counts of(Path toolsModule, String tableUri, Map<String, String> hadoop, Path log, boolean silver)
            throws Exception {
        String[] key = silver ? new String[] {"event_id"} : new String[] {"kafka_partition", "kafka_offset"};
        Map<String, Long> stats =
                SparkTableReader.read(toolsModule, tableUri, hadoop, log, Duration.ofSeconds(300), key);
        return new Counts(stats.getOrDefault("rows", -1L), stats.getOrDefault("distinct", -1L));
    }
}
