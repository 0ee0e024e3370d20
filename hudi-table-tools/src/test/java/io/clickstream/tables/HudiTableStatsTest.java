package io.clickstream.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HudiTableStatsTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("hudi-table-stats-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    @Test
    void countsRowsDistinctKeysAndCommitsOfAHudiTable(@TempDir Path dir) {
        String path = dir.resolve("t").toUri().toString();
        write(
                path,
                "SELECT id, id % 3 AS part, 'a' AS v, IF(id % 2 = 0, id, NULL) AS even FROM range(0, 100)",
                SaveMode.Overwrite);
        // Second commit re-inserts 20 of the keys: 120 rows, 100 distinct ids, 2 commits.
        write(
                path,
                "SELECT id, id % 3 AS part, 'b' AS v, IF(id % 2 = 0, id, NULL) AS even FROM range(80, 100)",
                SaveMode.Append);

        Map<String, Long> stats = HudiTableStats.stats(spark, path, List.of("id"));

        assertThat(stats)
                .containsEntry("rows", 120L)
                .containsEntry("distinct", 100L)
                .containsEntry("commits", 2L);
        assertThat(HudiTableStats.toJson(stats)).isEqualTo("{\"rows\":120,\"distinct\":100,\"commits\":2}");
        assertThat(HudiTableStats.nonNullCounts(spark, path))
                .as("non-null counts of the data columns")
                .containsOnlyKeys("nonnull_id", "nonnull_part", "nonnull_v", "nonnull_even")
                .containsEntry("nonnull_id", 120L)
                .containsEntry("nonnull_even", 60L);
    }

    /**
     * Hudi 1.2.0's inline reads of the metadata table (HFile blocks inside log files) never close the outer file's
     * stream; in the sink's keyed lookups (bloom filters, column statistics) that leaked an S3A connection each, so the
     * sink installs its own storage. Spark's reads, the Gold job's, list a table's files through the metadata table
     * without leaking, plain or with data skipping: counted here, commit after commit, so that a Hudi upgrade that
     * starts leaking on the reader's side is seen.
     */
    @Test
    void sparkReadsThroughTheMetadataTableLeaveNoStreamOpen(@TempDir Path dir) {
        String path = dir.resolve("t").toUri().toString();
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs.file.impl", CountingLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        try {
            long opened = CountingLocalFileSystem.OPENED.get();
            for (int c = 0; c < 3; c++) {
                write(
                        path,
                        "SELECT id, id % 3 AS part, 'v" + c + "' AS v, id AS even FROM range(" + c * 50 + ", "
                                + (c + 1) * 50 + ")",
                        c == 0 ? SaveMode.Overwrite : SaveMode.Append);
                long before = CountingLocalFileSystem.OPEN.get();
                assertThat(spark.read().format("hudi").load(path).count()).isEqualTo((c + 1) * 50L);
                assertThat(skippingRead(path)).isEqualTo(1L);
                assertThat(CountingLocalFileSystem.OPEN.get() - before)
                        .as("streams left open by the reads")
                        .isZero();
            }
            assertThat(CountingLocalFileSystem.OPENED.get() - opened)
                    .as("streams the reads opened")
                    .isPositive();
        } finally {
            conf.unset("fs.file.impl");
            conf.unset("fs.file.impl.disable.cache");
        }
    }

    /** A read that looks up the metadata table's column statistics (data skipping): keyed HFile lookups. */
    private static long skippingRead(String path) {
        return spark.read()
                .format("hudi")
                .option("hoodie.enable.data.skipping", "true")
                .option("hoodie.metadata.enable", "true")
                .load(path)
                .where("even = 7")
                .count();
    }

    private static void write(String path, String sql, SaveMode mode) {
        Dataset<Row> rows = spark.sql(sql);
        rows.write()
                .format("hudi")
                .option("hoodie.table.name", "stats_test")
                .option("hoodie.datasource.write.operation", "insert")
                .option("hoodie.datasource.write.recordkey.field", "id")
                .option("hoodie.datasource.write.partitionpath.field", "part")
                .option("hoodie.datasource.write.precombine.field", "v")
                .option("hoodie.embed.timeline.server", "false")
                .mode(mode)
                .save(path);
    }
}
